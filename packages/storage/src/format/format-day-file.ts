import { formatDatetimeUtc } from '../model/day-key.ts';
import { CORE_COLUMNS } from '../model/series.ts';
import { formatCsvLine } from './csv-line.ts';
import type { DayRow } from './day-row.ts';
import type { ParsedDayFile } from './parse-day-file.ts';

/** One CSV line (with `\n`) for `row` under `columns`; `datetime_utc` is always rendered from the slot. */
export function formatDayRow(columns: readonly string[], row: DayRow): string {
  const fields = [String(row.slotMs), formatDatetimeUtc(row.slotMs), row.openInterest, row.openInterestValue];
  for (let index = CORE_COLUMNS.length; index < columns.length; index++) {
    fields.push(row.extra[columns[index] as string] ?? '');
  }
  return formatCsvLine(fields) + '\n';
}

/** The whole text of a day file: header, then `rows` sorted by slot, `\n` endings, trailing newline. */
export function formatDayFile(columns: readonly string[], rows: readonly DayRow[]): string {
  const sorted = [...rows].sort((a, b) => a.slotMs - b.slotMs);
  let text = formatCsvLine(columns) + '\n';
  for (const row of sorted) text += formatDayRow(columns, row);
  return text;
}

/** Columns a rewrite of a parsed file uses: its symbol's full header (`seriesColumns`), then any unknown columns the file had. */
export function rewriteColumns(
  seriesColumns: readonly string[],
  parsed: Pick<ParsedDayFile, 'unknownColumns'>,
): readonly string[] {
  return [...seriesColumns, ...parsed.unknownColumns];
}
