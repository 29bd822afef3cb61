import { type DayLines, readDayLines, type Series, type TimeRange } from '@oi/storage';
import { sinkColumns } from '../schema/sink-columns.ts';
import type { SinkRow } from '../values/sink-record.ts';

/** What fileRowChunks reads: the day files of some symbols, one series, and a range (everything when absent). */
export interface FileRowsScope {
  readonly dataDir: string;
  readonly symbols: readonly string[];
  readonly series: Series;
  readonly range: TimeRange | undefined;
}

/** The day files of `scope` as storage's readDayLines streams them: canonical lines, one day at a time. */
export function dayLinesOf(scope: FileRowsScope): AsyncGenerator<DayLines> {
  return readDayLines({
    dataDir: scope.dataDir,
    symbols: scope.symbols,
    series: scope.series,
    ...(scope.range === undefined ? {} : { range: scope.range }),
  });
}

/**
 * The valid day-file rows of `scope`, one day file's rows at a time (symbol after symbol, each by
 * slot), from storage's readDayLines: canonical CSV lines without quoting, so a split on commas
 * reads them; constant memory.
 */
export async function* fileRowChunks(scope: FileRowsScope): AsyncGenerator<readonly SinkRow[]> {
  const extraNames = sinkColumns(scope.series)
    .map((column) => column.csvName)
    .filter((name) => name !== 'openInterest' && name !== 'sumOpenInterestValue');
  const decoder = new TextDecoder('latin1');
  for await (const day of dayLinesOf(scope)) {
    // Fields by name: a COIN-M contract's lines have its unit columns, a USDⓈ-M symbol's do not.
    const at = (name: string): number => day.columns.indexOf(name);
    const timestampAt = at('timestamp');
    const openInterestAt = at('openInterest');
    const valueAt = at('sumOpenInterestValue');
    const extras = extraNames
      .filter((name) => at(name) >= 0)
      .map((name): [string, number] => [name, at(name)]);
    const text = decoder.decode(day.bytes.subarray(day.lineStarts[0], day.lineStarts[day.rows]));
    const rows: SinkRow[] = [];
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const fields = line.split(',');
      const extra: Record<string, string> = {};
      for (const [name, position] of extras) extra[name] = fields[position] ?? '';
      rows.push({
        symbol: day.symbol,
        slotMs: Number(fields[timestampAt]),
        openInterest: fields[openInterestAt] ?? '',
        openInterestValue: fields[valueAt] ?? '',
        extra,
      });
    }
    yield rows;
  }
}
