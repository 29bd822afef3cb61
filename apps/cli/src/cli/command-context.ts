import type { Logger } from '../logging.ts';
import type { Prompter } from '../terminal/prompter.ts';
import type { TestClock } from '../test-clock.ts';

/** What a command needs from the process, passed in so commands run in tests without one. */
export interface CommandContext {
  readonly logger: Logger;
  /** Aborted on SIGINT/SIGTERM; long-running work stops gracefully when it fires. */
  readonly signal: AbortSignal;
  /** Present only when stdin and stdout are terminals: commands never prompt without it. */
  readonly prompter?: Prompter;
  /** stderr is a terminal: draw progress bars instead of periodic log lines. */
  readonly progressBars: boolean;
  /** Where streamed output goes (e.g. `oi export` without `--out`). */
  readonly stdout: NodeJS.WritableStream;
  /** TEST HOOK (`OI_TEST_CLOCK`): the clock engine commands run on instead of the system clock. */
  readonly testClock?: TestClock;
}

/** What a command hands back to `main.ts` to print. */
export interface CommandResult {
  /** 0 when done, 3 when the command finished but gaps remain. */
  readonly exitCode: 0 | 3;
  /** The machine-readable result printed with `--json`; `undefined` when the command wrote its own. */
  readonly data: unknown;
  /** The human-readable summary printed without `--json` (may be empty). */
  readonly text: string;
}

/** Inputs besides argv that parsing depends on; passed in so tests control them. */
export interface ParseContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The working directory relative paths resolve against. */
  readonly cwd: string;
}
