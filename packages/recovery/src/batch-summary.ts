import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { DateTime } from 'luxon';

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

/** The file of a UTC day: `<data>/logs/batch_summary-YYYY-MM-DD.csv`. */
export function batchSummaryPath(dataDir: string, timeMs: number): string {
  const day = DateTime.fromMillis(timeMs, { zone: 'utc' }).toISODate();
  return join(dataDir, 'logs', `batch_summary-${day}.csv`);
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
 * Opens the batch summary of a data directory. Each append is one `write` on an `O_APPEND` file
 * followed by fsync; the first append to a file in this process cuts a torn last line left by a crash,
 * so the file stays parseable.
 */
export function createBatchSummaryLog(dataDir: string): BatchSummaryLog {
  const checked = new Set<string>();
  let queue: Promise<void> = Promise.resolve();

  const appendNow = async (row: BatchSummaryRow): Promise<void> => {
    const path = batchSummaryPath(dataDir, row.timeMs);
    await mkdir(join(dataDir, 'logs'), { recursive: true });
    const handle = await open(path, 'a+');
    try {
      let { size } = await handle.stat();
      if (size > 0 && !checked.has(path)) size = await cutTornTail(handle, size);
      checked.add(path);
      const prefix = size === 0 ? `${BATCH_SUMMARY_HEADER}\n` : '';
      await handle.write(`${prefix}${formatBatchSummaryRow(row)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  };

  return {
    append: (row) => {
      const next = queue.then(() => appendNow(row));
      queue = next.catch(() => {});
      return next;
    },
  };
}

/** Cuts an unterminated last line; returns the new size. */
async function cutTornTail(handle: FileHandle, size: number): Promise<number> {
  const tailBytes = Math.min(size, 64 * 1024);
  const buffer = Buffer.alloc(tailBytes);
  await handle.read(buffer, 0, tailBytes, size - tailBytes);
  if (buffer[tailBytes - 1] === 0x0a) return size;
  const lastNewline = buffer.lastIndexOf(0x0a);
  const keep = lastNewline < 0 ? size - tailBytes : size - tailBytes + lastNewline + 1;
  await handle.truncate(keep);
  return keep;
}
