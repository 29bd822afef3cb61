import type { TestDatabase } from '@oi/sink/test-support/test-database';
import { listSymbols, readDayLines, SERIES_COLUMNS, type Series } from '@oi/storage';

/** One row as both sides report it: symbol, slot, then the value columns; decimals shortest, null when unknown. */
export type ComparableRow = readonly (string | null)[];

// The value columns after symbol and slot: the day file's name, the table's, and whether it is a decimal.
const VALUE_COLUMNS: Readonly<Record<Series, readonly (readonly [string, string, boolean])[]>> = {
  '1m': [
    ['openInterest', 'open_interest', true],
    ['sumOpenInterestValue', 'open_interest_value', true],
    ['markPrice', 'mark_price', true],
    ['exchangeTime', 'exchange_time', false],
  ],
  '5m': [
    ['openInterest', 'open_interest', true],
    ['sumOpenInterestValue', 'open_interest_value', true],
    ['CMCCirculatingSupply', 'cmc_circulating_supply', true],
    ['source', 'source', false],
  ],
};

/** A plain decimal in its shortest spelling (`95924.51400000` -> `95924.514`): numerically equal texts agree. */
export function shortestDecimal(text: string): string {
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`not a plain decimal: ${text}`);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

function comparable(value: unknown, decimal: boolean): string | null {
  if (value === null || value === undefined || value === '') return null;
  return decimal ? shortestDecimal(String(value)) : String(value);
}

/** Every row of a series in the day files, by symbol and slot. */
export async function fileRows(dataDir: string, series: Series): Promise<ComparableRow[]> {
  const header = SERIES_COLUMNS[series];
  const columns = VALUE_COLUMNS[series];
  const rows: ComparableRow[] = [];
  for await (const day of readDayLines({ dataDir, symbols: await listSymbols(dataDir), series })) {
    const text = Buffer.from(day.bytes.subarray(day.lineStarts[0], day.lineStarts[day.rows])).toString(
      'utf8',
    );
    for (const line of text.split('\n').filter((candidate) => candidate !== '')) {
      const fields = line.split(',');
      rows.push([
        day.symbol,
        fields[header.indexOf('timestamp')] ?? null,
        ...columns.map(([name, , decimal]) => comparable(fields[header.indexOf(name)], decimal)),
      ]);
    }
  }
  return rows;
}

/** Every row of a series' table, by symbol and slot. */
export async function sinkRows(db: TestDatabase, series: Series): Promise<ComparableRow[]> {
  const quote = (name: string): string => (db.kind === 'mysql' ? `\`${name}\`` : `"${name}"`);
  const columns = VALUE_COLUMNS[series];
  const names = ['symbol', 'timestamp', ...columns.map(([, column]) => column)].map(quote).join(', ');
  const stored = await db.query(
    `SELECT ${names} FROM ${quote(`open_interest_${series}`)} ORDER BY ${quote('symbol')}, ${quote('timestamp')}`,
  );
  return stored.map(([symbol, timestamp, ...values]) => [
    String(symbol),
    String(timestamp),
    ...columns.map(([, , decimal], index) => comparable(values[index], decimal)),
  ]);
}
