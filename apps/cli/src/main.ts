#!/usr/bin/env -S node --
import type { CommandResult } from './cli/command-context.ts';
import { type ParsedCommandLine, parseCommandLine, printCompletion } from './cli/parse-command-line.ts';
import { registry } from './commands/index.ts';
import { checkDataDirWritable } from './config/data-dir.ts';
import { describeFailure } from './errors/describe-failure.ts';
import { ConfigError, EXIT_CODES } from './errors/exit-error.ts';
import { closeLogger, createLogger, type Logger } from './logging.ts';
import { createTerminalPrompter } from './terminal/prompter.ts';
import { parseTestClock, TEST_CLOCK_VARIABLE, type TestClock } from './test-clock.ts';

// The `--` in the shebang (and in the start script) ends node's own options: node otherwise scans
// script arguments for `--env-file` and would load or reject our `--env-file` itself.

// The only file that reads process.env, touches process.exit and maps errors to exit codes. Commands
// are registered in commands/index.ts; this file knows none of them.

function printError(message: string): void {
  process.stderr.write(`oi: error: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
}

/** Prints the one line an error maps to and returns its exit code. */
function reportFailure(error: unknown, baseUrl?: string): number {
  const report = describeFailure(error, baseUrl);
  printError(report.message);
  return report.code;
}

function printResult(result: CommandResult, json: boolean): void {
  // `undefined` data: the command already wrote its result (e.g. `oi sim` prints its URL on start).
  if (json) {
    if (result.data !== undefined) process.stdout.write(`${JSON.stringify(result.data)}\n`);
  } else if (result.text !== '') process.stdout.write(`${result.text}\n`);
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
function readTestClock(): { ok: true; value: TestClock | undefined } | { ok: false; problem: string } {
  const text = process.env[TEST_CLOCK_VARIABLE];
  if (text === undefined || text === '') return { ok: true, value: undefined };
  return parseTestClock(text);
}

async function main(argv: readonly string[]): Promise<number> {
  const testClock = readTestClock();
  if (!testClock.ok) return reportFailure(new ConfigError(testClock.problem));
  let parsed: ParsedCommandLine;
  try {
    process.chdir(userDirectory());
    parsed = await parseCommandLine(argv, { env: process.env, cwd: process.cwd() }, registry);
  } catch (error) {
    return reportFailure(error);
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
    if (!writable.ok) return reportFailure(new ConfigError(writable.problem));
  }

  const logger: Logger = createLogger({
    level: config.logLevel,
    format: config.logFormat,
    ...(config.logFileEnabled && invocation.writesData ? { fileDataDir: config.dataDir } : {}),
  });
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (name: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      printError(`${name} again: stopping now`);
      process.exit(130);
    }
    logger.warn(`${name} received: stopping gracefully (again to force)`);
    controller.abort(new Error(`${name} received`));
    // A graceful stop must not hang: give it 5 s, then leave.
    setTimeout(() => {
      printError('shutdown took longer than 5 s: exiting');
      process.exit(EXIT_CODES.failure);
    }, 5_000).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  try {
    const result = await invocation.run({
      logger,
      signal: controller.signal,
      ...(interactive ? { prompter: createTerminalPrompter(controller.signal) } : {}),
      progressBars: process.stderr.isTTY === true,
      stdout: process.stdout,
      ...(testClock.value === undefined ? {} : { testClock: testClock.value }),
    });
    printResult(result, invocation.common.json);
    return result.exitCode;
  } catch (error) {
    const report = describeFailure(error, config.fapiUrl);
    if (report.code === EXIT_CODES.failure && error instanceof Error && error.stack !== undefined) {
      logger.debug(error.stack);
    }
    printError(report.message);
    return report.code;
  } finally {
    await closeLogger(logger);
  }
}

// `pnpm start -- demo` passes the `--` through; it separates pnpm's arguments from ours, not ours.
const args = process.argv.slice(2);
const code = await main(args[0] === '--' ? args.slice(1) : args);
// Let stdout drain before leaving: a piped `--json` result or export must arrive whole.
process.stdout.write('', () => process.exit(code));
