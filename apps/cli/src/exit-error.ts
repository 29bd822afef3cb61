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

/** An error that ends the process with a chosen exit code and one line of explanation. */
export class ExitError extends Error {
  /** The process exit code this error maps to. */
  readonly code: ExitCode;

  constructor(code: ExitCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ExitError';
    this.code = code;
  }
}

/** Creates the exit-2 error for bad usage or configuration. */
export function createUsageError(message: string): ExitError {
  return new ExitError(EXIT_CODES.usage, message);
}

/** Tells whether a value is an {@link ExitError}. */
export function isExitError(value: unknown): value is ExitError {
  return value instanceof ExitError;
}
