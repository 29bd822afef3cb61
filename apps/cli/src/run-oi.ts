import type { CommandResult } from './cli/command-context.ts';
import { type ParsedCommandLine, parseCommandLine, printCompletion } from './cli/parse-command-line.ts';
import { STOP_SIGNALS, type StopSignals, signalExitCode, watchStopSignals } from './cli/stop-signals.ts';
import { registry } from './commands/index.ts';
import { checkDataDirWritable } from './config/data-dir.ts';
import { describeFailure } from './errors/describe-failure.ts';
import { ConfigError, EXIT_CODES, StoppedError } from './errors/exit-error.ts';
import { asksForJson, failureObject, formatErrorLine, successJson } from './errors/failure-output.ts';
import { closeLogger, createLogger, type Logger } from './logging.ts';
import { createTerminalPrompter } from './terminal/prompter.ts';
import { parseTestClock, TEST_CLOCK_VARIABLE, type TestClock } from './test-clock.ts';

// What main.ts runs once the process has its memory settings (cli/memory-tuning.ts). With main.ts,
// the only file that reads process.env, touches process.exit and maps errors to exit codes.
// Commands are registered in commands/index.ts; this file knows none of them.

/** How long a stopped command's last output may take to drain before the process leaves anyway. */
const STOPPED_DRAIN_MS = 500;

function printError(message: string): void {
  process.stderr.write(`oi: error: ${formatErrorLine(message)}\n`);
}

/**
 * Prints the one line an error maps to (and with `--json` the one JSON object on stdout) and returns
 * its exit code; `exitCode` replaces the error's own (a stop by a signal).
 */
function reportFailure(error: unknown, json: boolean, baseUrl?: string, exitCode?: number): number {
  const report = describeFailure(error, baseUrl);
  const code = exitCode ?? report.code;
  printError(report.message);
  if (json) process.stdout.write(`${JSON.stringify(failureObject(error, report.message, code))}\n`);
  return code;
}

function printResult(result: CommandResult, json: boolean): void {
  // `undefined` data: the command already wrote its result (e.g. `oi sim` prints its URL on start).
  if (json) {
    if (result.data !== undefined) process.stdout.write(`${successJson(result.data)}\n`);
  } else if (result.text !== '') process.stdout.write(`${result.text}\n`);
}

/** Whether `error` is only the stop request itself (the abort), not a failure of its own. */
function isStopRequest(error: unknown, stops: StopSignals): boolean {
  return error === stops.signal.reason || (error instanceof Error && error.name === 'AbortError');
}

/**
 * The directory relative paths (data dir, config, .env) are resolved against. `pnpm --filter cli
 * start` runs this package's script inside apps/cli; the user meant the directory they ran pnpm from.
 */
function userDirectory(): string {
  const { INIT_CWD, npm_lifecycle_event, npm_package_name } = process.env;
  if (INIT_CWD !== undefined && npm_lifecycle_event === 'start' && npm_package_name === 'cli')
    return INIT_CWD;
  return process.cwd();
}

/** TEST HOOK: the reliability suite's shared fast clock (see test-clock.ts); unset for users. */
async function readTestClock(): Promise<
  { ok: true; value: TestClock | undefined } | { ok: false; problem: string }
> {
  const text = process.env[TEST_CLOCK_VARIABLE];
  if (text === undefined || text === '') return { ok: true, value: undefined };
  return parseTestClock(text);
}

async function main(argv: readonly string[]): Promise<number> {
  const json = asksForJson(argv);
  const testClock = await readTestClock();
  if (!testClock.ok) return reportFailure(new ConfigError(testClock.problem), json);
  let parsed: ParsedCommandLine;
  try {
    process.chdir(userDirectory());
    parsed = await parseCommandLine(argv, { env: process.env, cwd: process.cwd() }, registry);
  } catch (error) {
    return reportFailure(error, json);
  }
  if (parsed.kind === 'print') {
    process.stdout.write(`${parsed.text}\n`);
    return EXIT_CODES.ok;
  }
  if (parsed.kind === 'completion') {
    await printCompletion(argv, registry);
    return EXIT_CODES.ok;
  }

  const { invocation } = parsed;
  const { config } = invocation.common;
  if (invocation.writesData) {
    const writable = await checkDataDirWritable(config.dataDir);
    if (!writable.ok) return reportFailure(new ConfigError(writable.problem), invocation.common.json);
  }

  const logger: Logger = createLogger({
    level: config.logLevel,
    format: config.logFormat,
    ...(config.logFileEnabled && invocation.writesData ? { fileDataDir: config.dataDir } : {}),
  });
  const stops = watchStopSignals(process, {
    onStop: (name) => logger.warn(`${name} received: stopping gracefully (again to force)`),
    onForce: (name, reason, exitCode) => {
      // A stop must not hang: a second signal, or the grace time over, ends the process at once.
      printError(
        reason === 'again' ? `${name} again: stopping now` : 'shutdown took longer than 5 s: exiting',
      );
      process.exit(exitCode);
    },
  });
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  try {
    const result = await invocation.run({
      logger,
      signal: stops.signal,
      ...(interactive ? { prompter: createTerminalPrompter(stops.signal) } : {}),
      progressBars: process.stderr.isTTY === true,
      stdout: process.stdout,
      ...(testClock.value === undefined ? {} : { testClock: testClock.value }),
    });
    const stoppedBy = stops.received();
    // A command that finished its work keeps its code; one a signal cut short ends with the signal's.
    if (stoppedBy !== undefined && result.exitCode !== EXIT_CODES.ok) {
      const exitCode = signalExitCode(stoppedBy);
      const stopped = new StoppedError(stoppedBy);
      printError(stopped.message);
      if (invocation.common.json) {
        const fields = typeof result.data === 'object' && result.data !== null ? result.data : {};
        const output = { ...fields, ...failureObject(stopped, stopped.message, exitCode) };
        process.stdout.write(`${JSON.stringify(output)}\n`);
      } else if (result.text !== '') process.stdout.write(`${result.text}\n`);
      return exitCode;
    }
    printResult(result, invocation.common.json);
    return result.exitCode;
  } catch (error) {
    const stoppedBy = stops.received();
    if (stoppedBy !== undefined && isStopRequest(error, stops)) {
      const stopped = new StoppedError(stoppedBy, { cause: error });
      return reportFailure(stopped, invocation.common.json, config.fapiUrl, signalExitCode(stoppedBy));
    }
    const report = describeFailure(error, config.fapiUrl);
    if (report.code === EXIT_CODES.failure && error instanceof Error && error.stack !== undefined) {
      logger.debug(error.stack);
    }
    const exitCode = stoppedBy === undefined ? undefined : signalExitCode(stoppedBy);
    return reportFailure(error, invocation.common.json, config.fapiUrl, exitCode);
  } finally {
    stops.dispose();
    await closeLogger(logger);
  }
}

// `pnpm start -- demo` passes the `--` through; it separates pnpm's arguments from ours, not ours.
const args = process.argv.slice(2);
const code = await main(args[0] === '--' ? args.slice(1) : args);
// Let stdout drain before leaving: a piped `--json` result or export must arrive whole. A command a
// signal stopped may have left a reader that no longer reads: it gets a moment, not a hang.
process.stdout.write('', () => process.exit(code));
if (STOP_SIGNALS.some((signal) => signalExitCode(signal) === code)) {
  setTimeout(() => process.exit(code), STOPPED_DRAIN_MS).unref();
}
