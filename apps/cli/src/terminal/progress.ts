import cliProgress from 'cli-progress';
import type { Logger } from '../logging.ts';

/** A progress snapshot: slots settled out of planned, requests made, and budget use if known. */
export interface ProgressUpdate {
  readonly done: number;
  /** Unknown when counting it would cost more than the work (e.g. an export without a terminal). */
  readonly total?: number;
  readonly requests?: number;
  /** Share of the tighter rate budget in use, 0..1. */
  readonly budgetUsed?: number;
  /** What the rate limits did so far (`2 x 429, 0 bans, waited 31 s, learned history 50/30s`), when anything. */
  readonly budgetNote?: string;
  /** Archive day files handled so far (a backfill that uses the public archive). */
  readonly files?: number;
  /** Archive day files planned. */
  readonly filesTotal?: number;
  /** Data rows read from those files. */
  readonly rows?: number;
}

/** Shows progress of a long command: a bar in a terminal, periodic log lines otherwise. */
export interface ProgressReporter {
  update(progress: ProgressUpdate): void;
  stop(): void;
}

/** Options of {@link createProgressReporter}. */
export interface ProgressOptions {
  /** e.g. `backfill`, `export`. */
  readonly label: string;
  /** The unit of `done`/`total`, e.g. `slots`, `rows`. */
  readonly unit: string;
  /** Draw a bar on stderr (only when stderr is a terminal). */
  readonly bars: boolean;
  readonly logger: Logger;
  /** Minimum real time between two log lines without a terminal. @default 10 000 */
  readonly logIntervalMs?: number;
}

const percent = (value: number): string => `${Math.round(value * 100)}%`;

/** `archive 120/450 files, 35.1 files/s, 34560 rows, 10104.0 rows/s`, or '' without archive counts. */
function describeArchive(progress: ProgressUpdate, rateOf: (count: number) => string): string {
  if (progress.files === undefined) return '';
  const outOf = progress.filesTotal === undefined ? '' : `/${progress.filesTotal}`;
  const rows = progress.rows ?? 0;
  return `archive ${progress.files}${outOf} files, ${rateOf(progress.files)} files/s, ${rows} rows, ${rateOf(rows)} rows/s`;
}

/** Creates a reporter; call `stop()` when the work ends so the bar leaves a final line. */
export function createProgressReporter(options: ProgressOptions): ProgressReporter {
  const startedAt = performance.now();
  const rateOf = (requests: number): string => {
    const seconds = (performance.now() - startedAt) / 1000;
    return seconds > 0 ? (requests / seconds).toFixed(1) : '0.0';
  };
  if (options.bars) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${options.label} [{bar}] {percentage}% | {value}/{total} ${options.unit} | {archive}{requests} req, {rate} req/s | budget {budget} | ETA {eta_formatted}`,
        stream: process.stderr,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(progress) {
        const archive = describeArchive(progress, rateOf);
        const payload = {
          archive: archive === '' ? '' : `${archive} | `,
          requests: progress.requests ?? 0,
          rate: rateOf(progress.requests ?? 0),
          budget: `${progress.budgetUsed === undefined ? 'n/a' : percent(progress.budgetUsed)}${progress.budgetNote === undefined ? '' : ` (${progress.budgetNote})`}`,
        };
        if (!started) {
          bar.start(Math.max(progress.total ?? progress.done, 1), progress.done, payload);
          started = true;
        } else {
          bar.setTotal(Math.max(progress.total ?? progress.done, 1));
          bar.update(progress.done, payload);
        }
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  const intervalMs = options.logIntervalMs ?? 10_000;
  let lastLogAt = Number.NEGATIVE_INFINITY;
  let last: ProgressUpdate | undefined;
  let logged: ProgressUpdate | undefined;
  const log = (progress: ProgressUpdate): void => {
    logged = progress;
    const { total } = progress;
    const share = total !== undefined && total > 0 ? ` (${percent(progress.done / total)})` : '';
    const outOf = total === undefined ? '' : `/${total}`;
    const requests =
      progress.requests === undefined
        ? ''
        : `, ${progress.requests} requests, ${rateOf(progress.requests)} req/s`;
    const budget = `${progress.budgetUsed === undefined ? '' : `, budget ${percent(progress.budgetUsed)}`}${progress.budgetNote === undefined ? '' : ` (${progress.budgetNote})`}`;
    const archive = describeArchive(progress, rateOf);
    options.logger.info(
      `${options.label}: ${progress.done}${outOf} ${options.unit}${share}${archive === '' ? '' : `, ${archive}`}${requests}${budget}`,
    );
  };
  return {
    update(progress) {
      last = progress;
      const now = performance.now();
      if (now - lastLogAt >= intervalMs) {
        lastLogAt = now;
        log(progress);
      }
    },
    stop() {
      if (last !== undefined && last !== logged) log(last);
    },
  };
}
