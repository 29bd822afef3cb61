import { parseDayFile } from '../format/parse-day-file.ts';
import { locateDayFile, quarantinePath } from '../fs/data-dir-layout.ts';
import { readFileSnapshot } from '../fs/file-snapshot.ts';
import { acquireWriterLock, type WriterLock } from '../fs/writer-lock.ts';
import { InvalidPathError } from '../model/errors.ts';
import type { FileIssue } from '../model/file-issue.ts';
import { seriesColumnsOf } from '../model/series.ts';
import { isFixedByRewrite, needsRepair, rewriteDayFile } from '../write/rewrite-day-file.ts';

/** Options of repairFile. */
export interface RepairFileOptions {
  /** Clock for the writer lock's `sinceMs`. @default Date.now */
  readonly now?: () => number;
}

/** Result of repairFile. */
export interface RepairResult {
  readonly path: string;
  /** True when the file was rewritten. */
  readonly changed: boolean;
  /** Valid rows in the file after the repair. */
  readonly rows: number;
  readonly quarantinePath: string;
  /** Lines appended to the quarantine file by this repair. */
  readonly quarantinedLines: number;
  /** Issues found before the repair. */
  readonly issues: readonly FileIssue[];
  /** Issues the repair could not fix (a bad header, unknown columns). */
  readonly remaining: readonly FileIssue[];
}

/**
 * Repairs one day file: keeps every valid row (the first of duplicate slots), sorts them, renders
 * `datetime_utc` from the slot, and moves every other line byte for byte to `<file>.quarantine`
 * before atomically replacing the file. A file whose header is unusable is left untouched. When the
 * file sits in a data directory, the writer lock is taken for the repair (StoreLockedError while a
 * writer runs).
 */
export async function repairFile(path: string, options: RepairFileOptions = {}): Promise<RepairResult> {
  const location = locateDayFile(path);
  let lock: WriterLock | undefined;
  if (location.dataDir !== undefined) {
    lock = await acquireWriterLock(location.dataDir, { now: options.now ?? Date.now });
  }
  try {
    const snapshot = await readFileSnapshot(location.path);
    if (snapshot === undefined) throw new InvalidPathError(path, 'no such file');
    const columns = seriesColumnsOf(location.symbol, location.series);
    const parsed = parseDayFile(snapshot.text, location.series, location.dayKey, columns);
    const issues = parsed.issues.map((issue) => ({ path: location.path, ...issue }));
    const base = { path: location.path, quarantinePath: quarantinePath(location.path), issues };
    if (parsed.headerKind === 'bad' || !needsRepair(parsed)) {
      return { ...base, changed: false, rows: parsed.rows.length, quarantinedLines: 0, remaining: issues };
    }
    const rows = [...parsed.rows].sort((a, b) => a.slotMs - b.slotMs);
    const written = await rewriteDayFile(location.path, columns, parsed, rows);
    return {
      ...base,
      changed: true,
      rows: rows.length,
      quarantinedLines: written.quarantinedLines,
      remaining: issues.filter((issue) => !isFixedByRewrite(issue.kind)),
    };
  } finally {
    await lock?.release();
  }
}
