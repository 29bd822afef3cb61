import { describe, expect, it } from 'vitest';
import { SERIES_COLUMNS } from '../model/series.ts';
import { formatDayFile } from './format-day-file.ts';
import { parseDayFile } from './parse-day-file.ts';

const DAY = '2026-11-24';
const T0 = Date.UTC(2026, 10, 24);
const HEADER_5M = `${SERIES_COLUMNS['5m'].join(',')}\n`;

describe('formatDayFile', () => {
  it('sorts, renders datetimes from the slot and round-trips', () => {
    const rows = [
      { slotMs: T0 + 10 * 300_000, openInterest: '2', openInterestValue: '', extra: { source: 'api' } },
      { slotMs: T0, openInterest: '1.000', openInterestValue: '5e3', extra: {} },
    ];
    const text = formatDayFile(SERIES_COLUMNS['5m'], rows);
    expect(text).toBe(
      HEADER_5M +
        `${T0},2026-11-24T00:00:00.000Z,1.000,5e3,,\n${T0 + 3_000_000},2026-11-24T00:50:00.000Z,2,,,api\n`,
    );
    const parsed = parseDayFile(text, '5m', DAY);
    expect(parsed.issues).toEqual([]);
    expect(formatDayFile(parsed.columns, parsed.rows)).toBe(text);
  });

  it('renders every minute of a day exactly as luxon does', () => {
    const rows = Array.from({ length: 1440 }, (_, minute) => ({
      slotMs: T0 + minute * 60_000,
      openInterest: '1.0',
      openInterestValue: '',
      extra: {},
    }));
    const text = formatDayFile(SERIES_COLUMNS['1m'], rows);
    for (const line of text.split('\n').slice(1, -1)) {
      const [timestamp, datetime] = line.split(',');
      expect(datetime).toBe(new Date(Number(timestamp)).toISOString());
    }
    expect(parseDayFile(text, '1m', DAY).issues).toEqual([]);
  });
});
