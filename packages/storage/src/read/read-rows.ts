import { rowToPoint } from '../format/day-row.ts';
import { parseDayFile } from '../format/parse-day-file.ts';
import { readFileSnapshot } from '../fs/file-snapshot.ts';
import { listDayFiles } from '../fs/list-day-files.ts';
import { dayKeysInRange } from '../model/day-key.ts';
import type { OiPoint } from '../model/oi-point.ts';
import { assertSeries, type Series, seriesColumnsOf } from '../model/series.ts';
import { assertSymbol } from '../model/symbol.ts';
import { assertTimeRange, type TimeRange } from '../model/time-range.ts';

/**
 * The valid rows of `range` (slot start inside it), sorted by slot, decimals byte-exact. Lines a
 * validation would reject are skipped; of duplicate slots the first row in the file counts. Rows of
 * the replaced tool's files come with empty extra columns. Needs no lock.
 */
export async function readRows(
  dataDir: string,
  symbol: string,
  series: Series,
  range: TimeRange,
): Promise<readonly OiPoint[]> {
  assertSymbol(symbol);
  assertSeries(series);
  assertTimeRange(range);
  const points: OiPoint[] = [];
  const days = new Set(dayKeysInRange(range));
  const columns = seriesColumnsOf(symbol, series);
  for (const { dayKey, path } of await listDayFiles(dataDir, symbol, series)) {
    if (!days.has(dayKey)) continue;
    const snapshot = await readFileSnapshot(path);
    if (snapshot === undefined) continue;
    const parsed = parseDayFile(snapshot.text, series, dayKey, columns);
    const rows = parsed.rows
      .filter((row) => row.slotMs >= range.startMs && row.slotMs < range.endMs)
      .sort((a, b) => a.slotMs - b.slotMs);
    for (const row of rows) points.push(rowToPoint(symbol, series, row));
  }
  return points;
}
