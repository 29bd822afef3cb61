import { stat, unlink } from 'node:fs/promises';
import { listDayFiles } from '../fs/list-day-files.ts';
import { isNotFound } from '../fs/not-found.ts';
import { DAY_MS, dayKeyOf } from '../model/day-key.ts';
import { InvalidTimeRangeError } from '../model/errors.ts';
import { ALL_SERIES, type Series } from '../model/series.ts';
import { assertSymbol } from '../model/symbol.ts';
import { listSymbols } from '../read/list-symbols.ts';

/** Options of cleanup. */
export interface CleanupOptions {
  /** Day files whose day is more than this many whole days before `nowMs`'s day are removed. */
  readonly olderThanDays: number;
  /** The current time, epoch ms. */
  readonly nowMs: number;
  /** List what would be removed without removing it. @default false */
  readonly dryRun?: boolean;
  /** Only these symbols. @default every symbol in the data directory */
  readonly symbols?: readonly string[];
}

/** A day file cleanup removed (or would remove, in a dry run). */
export interface CleanedFile {
  readonly path: string;
  readonly symbol: string;
  readonly series: Series;
  readonly dayKey: string;
  readonly bytes: number;
}

/** Result of cleanup. */
export interface CleanupResult {
  readonly dryRun: boolean;
  /** Files of days before this day (UTC) were selected. */
  readonly keepFromDayKey: string;
  readonly files: readonly CleanedFile[];
  readonly bytes: number;
}

/**
 * Removes day files older than `olderThanDays` by the date in the file name: with `nowMs` on
 * 2026-11-24 and 7 days, files of 2026-11-16 and before go and 2026-11-17 stays. Quarantine files
 * are left alone. Needs no lock: the writer notices a removed file and starts it afresh.
 */
export async function cleanup(dataDir: string, options: CleanupOptions): Promise<CleanupResult> {
  if (!Number.isSafeInteger(options.olderThanDays) || options.olderThanDays < 0) {
    throw new InvalidTimeRangeError(
      `olderThanDays must be a non-negative integer, got ${options.olderThanDays}`,
    );
  }
  const keepFromDayKey = dayKeyOf(Math.max(0, options.nowMs - options.olderThanDays * DAY_MS));
  const dryRun = options.dryRun ?? false;
  const symbols =
    options.symbols === undefined ? await listSymbols(dataDir) : options.symbols.map(assertSymbol);
  const files: CleanedFile[] = [];
  let bytes = 0;
  for (const symbol of symbols) {
    for (const series of ALL_SERIES) {
      for (const file of await listDayFiles(dataDir, symbol, series)) {
        if (file.dayKey >= keepFromDayKey) continue;
        try {
          const { size } = await stat(file.path);
          if (!dryRun) await unlink(file.path);
          files.push({ path: file.path, symbol, series, dayKey: file.dayKey, bytes: size });
          bytes += size;
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
      }
    }
  }
  return { dryRun, keepFromDayKey, files, bytes };
}
