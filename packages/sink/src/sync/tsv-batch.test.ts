import { hasErrorCode } from '@oi/errors';
import { COIN_M_SERIES_COLUMNS, type DayLines, SERIES_COLUMNS, type Series } from '@oi/storage';
import { describe, expect, it } from 'vitest';
import { SinkValueError } from '../errors/sink-error.ts';
import { TsvBatch } from './tsv-batch.ts';
import { sliceDigest } from './tsv-digest.ts';

const DAY = Date.UTC(2025, 8, 1);
const MINUTE = 60_000;

/** A day of lines as readDayLines yields them: `cells` are the cells after timestamp and datetime_utc. */
function dayLines(
  symbol: string,
  series: Series,
  cells: readonly string[][],
  columns?: readonly string[],
): DayLines {
  const step = series === '1m' ? MINUTE : 5 * MINUTE;
  const slotsMs = Float64Array.from(cells, (_, index) => DAY + index * step);
  const lines = cells.map(
    (row, index) =>
      `${slotsMs[index]},${new Date(slotsMs[index] as number).toISOString()},${row.join(',')}\n`,
  );
  const lineStarts = new Uint32Array(lines.length + 1);
  lines.forEach((line, index) => {
    lineStarts[index + 1] = (lineStarts[index] as number) + line.length;
  });
  return {
    symbol,
    columns: columns ?? SERIES_COLUMNS[series],
    dayKey: '2025-09-01',
    rows: lines.length,
    slotsMs,
    lineStarts,
    bytes: Buffer.from(lines.join('')),
  };
}

function tsvOf(day: DayLines, series: Series): string[] {
  const batch = new TsvBatch(series, day.symbol, new Uint8Array(16));
  batch.append(day, 0, day.rows);
  return Buffer.from(batch.bytes.subarray(0, batch.size)).toString('latin1').split('\n').slice(0, -1);
}

function refusal(day: DayLines, series: Series): unknown {
  try {
    tsvOf(day, series);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('TsvBatch', () => {
  it('keeps plain values as written but for trailing zeros, fixes exponents, and writes \\N for empty cells', () => {
    const day = dayLines('BTCUSDT', '1m', [
      ['96268.02000000', '', '007.50', '1756684800017'],
      ['8.4e3', '-0.0', '', ''],
      ['1.0000000000000000000000', '12345678901234567890.123456789012345678', '5E-8', '0'],
    ]);
    // A USDⓈ-M line has no COIN-M unit columns: NULL in the last two.
    expect(tsvOf(day, '1m')).toEqual([
      `BTCUSDT\t${DAY}\t96268.02\t\\N\t007.5\t1756684800017\t\\N\t\\N`,
      `BTCUSDT\t${DAY + MINUTE}\t8400.000000000000000000\t-0\t\\N\t\\N\t\\N\t\\N`,
      `BTCUSDT\t${DAY + 2 * MINUTE}\t1.0000000000000000000000\t12345678901234567890.123456789012345678\t0.000000050000000000\t0\t\\N\t\\N`,
    ]);
  });

  it('reads the sink columns of a COIN-M line, its unit columns too', () => {
    const day = dayLines(
      'BTCUSD_PERP',
      '5m',
      [
        ['120', '', '', 'api', '100', 'BTC'],
        ['121', '0.13930000', '', 'archive', '', ''],
      ],
      COIN_M_SERIES_COLUMNS['5m'],
    );
    expect(tsvOf(day, '5m')).toEqual([
      `BTCUSD_PERP\t${DAY}\t120\t\\N\t\\N\tapi\t100\tBTC`,
      `BTCUSD_PERP\t${DAY + 5 * MINUTE}\t121\t0.1393\t\\N\tarchive\t\\N\t\\N`,
    ]);
    const error = refusal(
      dayLines('BTCUSD_PERP', '5m', [['120', '', '', 'api', '1e40', 'BTC']], COIN_M_SERIES_COLUMNS['5m']),
      '5m',
    );
    expect(hasErrorCode(error, 'SINK_VALUE_INVALID')).toBe(true);
    expect(String(error)).toContain('contract_size');
  });

  it.each([
    ['open_interest', ['', '1', '1', '1']],
    ['open_interest', ['1.0000000000000000001', '1', '1', '1']],
    ['open_interest_value', ['1', '123456789012345678901', '1', '1']],
    ['mark_price', ['1', '1', '1.', '1']],
    ['exchange_time', ['1', '1', '1', '0123']],
    ['exchange_time', ['1', '1', '1', '1234567890123456789']],
  ])('refuses a value %s cannot hold: %j', (column, cells) => {
    const error = refusal(dayLines('BTCUSDT', '1m', [['1', '1', '1', '1'], cells]), '1m');
    expect(error).toBeInstanceOf(SinkValueError);
    expect(hasErrorCode(error, 'SINK_VALUE_INVALID')).toBe(true);
    expect(String(error)).toContain(column);
    expect(String(error)).toContain(String(DAY + MINUTE));
  });

  it('refuses a source the table cannot hold', () => {
    const error = refusal(dayLines('BTCUSDT', '5m', [['1', '', '', 'a\\b']]), '5m');
    expect(hasErrorCode(error, 'SINK_VALUE_INVALID')).toBe(true);
    expect(String(error)).toContain('source');
  });

  it('gives equal digests to the same values in other spellings, and another to another value', () => {
    const digestOf = (cells: string[][]) => {
      const batch = new TsvBatch('1m', 'BTCUSDT', new Uint8Array(16));
      const day = dayLines('BTCUSDT', '1m', cells);
      batch.append(day, 0, day.rows);
      return sliceDigest(batch, batch.slices[0] as never, 'sha1');
    };
    const digest = digestOf([['96268.02', '-0.5', '0.0', '17']]);
    expect(digestOf([['096268.0200', '-0.50000', '-0', '17']])).toBe(digest);
    expect(digestOf([['9.626802e4', '-5e-1', '0', '17']])).toBe(digest);
    expect(digestOf([['96268.03', '-0.5', '0', '17']])).not.toBe(digest);
    expect(digestOf([['96268.02', '-0.5', '', '17']])).not.toBe(digest);
  });
});
