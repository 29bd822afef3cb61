import { appendLinesDurably, batchSummaryPath, dayKeyOf } from '@oi/storage';

/** The header of every batch summary file. */
export const BATCH_SUMMARY_HEADER =
  'time,duration_ms,symbols,succeeded,failed,failed_symbols,weight_used,interrupted';

/** One row: a live tick, a patrol round or a backfill run. */
export interface BatchSummaryRow {
  /** When the batch started (a live tick: its server minute), epoch ms; also picks the day file. */
  readonly timeMs: number;
  /** How long it took. */
  readonly durationMs: number;
  /** Symbols it worked on. */
  readonly symbols: number;
  /** Symbols that succeeded. */
  readonly succeeded: number;
  /** Symbols that failed. */
  readonly failed: number;
  /** Which symbols failed (written `;`-separated). */
  readonly failedSymbols: readonly string[];
  /** Request weight used in the current minute as last reported by Binance, if known. */
  readonly weightUsed: number | null;
  /** Whether the batch was cut short by a stop signal. */
  readonly interrupted: boolean;
}

/** Formats a row as one CSV line (no newline). Symbols never hold commas, so nothing needs quoting. */
export function formatBatchSummaryRow(row: BatchSummaryRow): string {
  return [
    new Date(row.timeMs).toISOString(),
    Math.round(row.durationMs),
    row.symbols,
    row.succeeded,
    row.failed,
    row.failedSymbols.join(';'),
    row.weightUsed ?? '',
    row.interrupted,
  ].join(',');
}

/** Appends rows to the day files of one data directory; appends are serialized. */
export interface BatchSummaryLog {
  /** Appends one row, creating the day file with its header; resolves once the row is fsynced. */
  append(row: BatchSummaryRow): Promise<void>;
}

/**
 * Opens the batch summary of a data directory: one file per UTC day of the row's time
 * (`@oi/storage`'s batchSummaryPath). Each append is storage's durable line append: one write on an
 * `O_APPEND` file followed by fsync, a new file starts with the header, and a torn last line left
 * by a crash is cut first, so the file stays parseable.
 */
export function createBatchSummaryLog(dataDir: string): BatchSummaryLog {
  let queue: Promise<void> = Promise.resolve();

  const appendNow = (row: BatchSummaryRow): Promise<void> =>
    appendLinesDurably(batchSummaryPath(dataDir, dayKeyOf(row.timeMs)), `${formatBatchSummaryRow(row)}\n`, {
      header: BATCH_SUMMARY_HEADER,
    });

  return {
    append: (row) => {
      const next = queue.then(() => appendNow(row));
      // The queue only orders appends; each caller gets its own append's outcome from `next`.
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
