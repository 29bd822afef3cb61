import type { DayRow } from '../format/day-row.ts';
import { formatDayFile, rewriteColumns } from '../format/format-day-file.ts';
import type { ParsedDayFile } from '../format/parse-day-file.ts';
import { type WrittenFile, writeFileDurably } from '../fs/durable-write.ts';
import type { FileIssueKind } from '../model/file-issue.ts';
import { quarantineLines } from './quarantine-lines.ts';

// A rewrite sorts rows, drops rejected lines (after quarantining them) and renders datetime_utc from
// the slot, so these issues are gone afterwards; unknown columns are kept and so stay reported.
const FIXED_BY_REWRITE: ReadonlySet<FileIssueKind> = new Set<FileIssueKind>([
  'partial-line',
  'malformed-row',
  'bad-value',
  'off-grid',
  'wrong-day',
  'duplicate-slot',
  'unsorted',
  'datetime-mismatch',
]);

/** True when rewriting the parsed file would fix something. */
export function needsRepair(parsed: ParsedDayFile): boolean {
  return parsed.rejected.length > 0 || parsed.issues.some((issue) => FIXED_BY_REWRITE.has(issue.kind));
}

/** True for issue kinds a rewrite removes. */
export function isFixedByRewrite(kind: FileIssueKind): boolean {
  return FIXED_BY_REWRITE.has(kind);
}

/** What rewriteDayFile did. */
export interface RewrittenDayFile extends WrittenFile {
  readonly columns: readonly string[];
  readonly quarantinedLines: number;
  readonly lastSlotMs: number;
}

/**
 * Rewrites a day file atomically with `rows` under its symbol's full header `seriesColumns` (plus
 * the file's unknown columns). The parsed file's rejected lines are appended durably to the quarantine file first, so
 * a crash in between leaves them in both places, never in neither.
 */
export async function rewriteDayFile(
  path: string,
  seriesColumns: readonly string[],
  parsed: ParsedDayFile,
  rows: readonly DayRow[],
): Promise<RewrittenDayFile> {
  const quarantinedLines = await quarantineLines(path, parsed.rejected);
  const columns = rewriteColumns(seriesColumns, parsed);
  const written = await writeFileDurably(path, formatDayFile(columns, rows));
  let lastSlotMs = -1;
  for (const row of rows) lastSlotMs = Math.max(lastSlotMs, row.slotMs);
  return { ...written, columns, quarantinedLines, lastSlotMs };
}
