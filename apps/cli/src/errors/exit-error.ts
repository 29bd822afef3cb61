import { OiError } from '@oi/errors';

/** Process exit codes that scripts can rely on. */
export const EXIT_CODES = {
  /** The command did what it was asked. */
  ok: 0,
  /** A runtime failure: network, exchange, disk. */
  failure: 1,
  /** Bad usage or configuration, detected before any data is touched. */
  usage: 2,
  /** The command finished but gaps remain in the requested range. */
  gapsRemain: 3,
} as const;

/** One of the exit codes in {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** The stable codes of the CLI's own errors. */
export const CLI_ERROR_CODES = {
  /** An error that names its exit code itself. */
  exit: 'EXIT',
  /** The command line is wrong: an unknown command or flag, a malformed value. */
  usage: 'USAGE',
  /** The configuration is wrong: environment, .env, config.json, data directory, symbols. */
  config: 'CONFIG',
  /** SIGINT or SIGTERM stopped the command before it finished. */
  stopped: 'STOPPED',
} as const;

/** An error that ends the process with a chosen exit code and one line of explanation. */
export class ExitError extends OiError {
  /** The process exit code this error maps to. */
  readonly exitCode: ExitCode;

  constructor(exitCode: ExitCode, message: string, options?: ErrorOptions) {
    super(CLI_ERROR_CODES.exit, message, options);
    this.exitCode = exitCode;
  }
}

/** A bad command line (code `USAGE`, exit 2): detected before any data is touched. */
export class UsageError extends OiError {
  constructor(message: string, options?: ErrorOptions) {
    super(CLI_ERROR_CODES.usage, message, options);
  }
}

/** A bad configuration (code `CONFIG`, exit 2): detected before any data is touched. */
export class ConfigError extends OiError {
  constructor(message: string, options?: ErrorOptions) {
    super(CLI_ERROR_CODES.config, message, options);
  }
}

/** A command SIGINT or SIGTERM stopped before it finished (code `STOPPED`; exit 130 or 143). */
export class StoppedError extends OiError {
  /** The signal that stopped it. */
  readonly signal: string;
  constructor(signal: string, options?: ErrorOptions) {
    super(CLI_ERROR_CODES.stopped, `stopped by ${signal} before it finished`, options);
    this.signal = signal;
  }
}
