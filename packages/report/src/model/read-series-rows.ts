import { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { exportRange, type Series, type TimeRange } from '@oi/storage';
import type { SeriesRow } from './series-accumulator.ts';

/** The source every 1m row has: the live endpoint is the only one that gives minutes. */
export const LIVE_SOURCE = 'live';
/** The source of a 5m row whose `source` column is empty (files of the replaced tool). */
export const UNKNOWN_SOURCE = 'unknown';

/**
 * Calls `visit` with every stored row of one symbol's series in `range`, in slot order.
 *
 * The rows come through storage's CSV export rather than `readRows`: the export renders canonical
 * day files straight from their bytes, about four times faster than parsing every row into an
 * object, which is what keeps a report of 500 symbols x 30 days within seconds. The export's CSV
 * is a documented contract (header `symbol,` + the series columns, values never quoted).
 */
export async function readSeriesRows(
  dataDir: string,
  symbol: string,
  series: Series,
  range: TimeRange,
  visit: (row: SeriesRow) => void,
): Promise<void> {
  const parser = new ExportLineParser(series, visit);
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      parser.push(chunk);
      callback();
    },
  });
  await exportRange({ dataDir, symbols: [symbol], series, range, format: 'csv', output });
  parser.end();
}

/** Splits the export's chunks into lines and lines into rows, reading the column order from the header. */
class ExportLineParser {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private columns: { slot: number; oi: number; value: number; source: number } | undefined;
  private lastColumn = 0;
  private readonly cuts: number[] = [0];

  private readonly series: Series;
  private readonly visit: (row: SeriesRow) => void;

  constructor(series: Series, visit: (row: SeriesRow) => void) {
    this.series = series;
    this.visit = visit;
  }

  push(chunk: Buffer): void {
    const text = this.pending + this.decoder.write(chunk);
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      this.line(text, start, end);
      start = end + 1;
    }
    this.pending = text.slice(start);
  }

  end(): void {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    if (rest !== '') this.line(rest, 0, rest.length);
  }

  /** The line `text[start, end)`, read in place: cutting each line out first cost a tenth of a report. */
  private line(text: string, start: number, end: number): void {
    if (this.columns === undefined) {
      const names = text.slice(start, end).split(',');
      this.columns = {
        slot: names.indexOf('timestamp'),
        oi: names.indexOf('openInterest'),
        value: names.indexOf('sumOpenInterestValue'),
        source: this.series === '5m' ? names.indexOf('source') : -1,
      };
      this.lastColumn = Math.max(...Object.values(this.columns));
      return;
    }
    // Only the needed fields are cut out: splitting every line into all its fields was a fifth of
    // the time of a 500-symbol report. cuts[i] is where field i starts, cuts[i + 1] - 1 where it ends.
    const cuts = this.cuts;
    cuts[0] = start;
    let found = 0;
    for (
      let at = text.indexOf(',', start);
      at !== -1 && at < end && found <= this.lastColumn;
      at = text.indexOf(',', at + 1)
    ) {
      found += 1;
      cuts[found] = at + 1;
    }
    if (found <= this.lastColumn) {
      found += 1;
      cuts[found] = end + 1;
    }
    const field = (index: number): string =>
      index >= 0 && index < found ? text.slice(cuts[index], (cuts[index + 1] ?? 0) - 1) : '';
    const { slot, oi, value, source } = this.columns;
    const sourceField = field(source);
    this.visit({
      slotMs: Number(field(slot)),
      openInterest: field(oi),
      openInterestValue: field(value),
      source: this.series === '1m' ? LIVE_SOURCE : sourceField === '' ? UNKNOWN_SOURCE : sourceField,
    });
  }
}
