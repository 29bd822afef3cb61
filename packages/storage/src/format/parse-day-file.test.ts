import { describe, expect, it } from 'vitest';
import type { FileIssueKind } from '../model/file-issue.ts';
import { parseDayFile } from './parse-day-file.ts';

const DAY = '2026-11-24';
const T0 = Date.UTC(2026, 10, 24);
const MIN = 60_000;
const HEADER_1M = 'timestamp,datetime_utc,openInterest,sumOpenInterestValue,markPrice,exchangeTime\n';
const HEADER_5M = 'timestamp,datetime_utc,openInterest,sumOpenInterestValue,CMCCirculatingSupply,source\n';
const LEGACY_HEADER = 'timestamp,datetime_utc,openInterest,sumOpenInterestValue\n';

function row1m(minute: number, oi = '1.0', rest = ',,,'): string {
  const ms = T0 + minute * MIN;
  return `${ms},${new Date(ms).toISOString()},${oi}${rest}\n`;
}

describe('parseDayFile', () => {
  it('reads a clean file as appendable rows', () => {
    const parsed = parseDayFile(HEADER_1M + row1m(0) + row1m(1, '2.50', ',3,9.1,1764000000123'), '1m', DAY);
    expect(parsed.headerKind).toBe('full');
    expect(parsed.issues).toEqual([]);
    expect(parsed.appendable).toBe(true);
    expect(parsed.rows[1]).toEqual({
      slotMs: T0 + MIN,
      openInterest: '2.50',
      openInterestValue: '3',
      extra: { markPrice: '9.1', exchangeTime: '1764000000123' },
    });
  });

  it('reads the replaced tool format: four columns, space-separated datetime, CRLF', () => {
    const text =
      'timestamp,datetime_utc,openInterest,sumOpenInterestValue\r\n' +
      `${T0 + 5 * MIN},2026-11-24 00:05:00,81234.567,5612345678.12345678\r\n`;
    const parsed = parseDayFile(text, '5m', DAY);
    expect(parsed.headerKind).toBe('legacy');
    expect(parsed.issues).toEqual([]);
    expect(parsed.appendable).toBe(false);
    expect(parsed.rows).toEqual([
      {
        slotMs: T0 + 5 * MIN,
        openInterest: '81234.567',
        openInterestValue: '5612345678.12345678',
        extra: {},
      },
    ]);
  });

  it('treats an empty file as a day without rows', () => {
    const parsed = parseDayFile('', '1m', DAY);
    expect(parsed).toMatchObject({ headerKind: 'none', rows: [], issues: [] });
  });

  it.each<[string, string, FileIssueKind, number]>([
    ['a torn last line', HEADER_1M + row1m(0) + `${T0 + MIN},2026-11-24T00:01`, 'partial-line', 3],
    ['a torn header', 'timestamp,datetime_u', 'partial-line', 1],
    ['too few fields', HEADER_1M + row1m(0) + `${T0 + MIN},x,1\n`, 'malformed-row', 3],
    ['an empty line', HEADER_1M + '\n' + row1m(0), 'malformed-row', 2],
    ['a broken quote', HEADER_1M + `${T0},"x,1,,,\n`, 'malformed-row', 2],
    ['a float timestamp', HEADER_1M + `${T0}.0,x,1,,,\n`, 'bad-value', 2],
    ['a float OI', HEADER_1M + `${T0},x,abc,,,\n`, 'bad-value', 2],
    ['a bad value', HEADER_1M + `${T0},x,1,1..2,,\n`, 'bad-value', 2],
    ['a bad mark price', HEADER_1M + `${T0},x,1,,nan,\n`, 'bad-value', 2],
    ['an off-grid slot', HEADER_1M + `${T0 + 1000},x,1,,,\n`, 'off-grid', 2],
    ['another day', HEADER_1M + `${T0 + 86_400_000},x,1,,,\n`, 'wrong-day', 2],
    ['a duplicate slot', HEADER_1M + row1m(0) + row1m(1) + row1m(0, '7'), 'duplicate-slot', 4],
    ['an unsorted row', HEADER_1M + row1m(2) + row1m(1), 'unsorted', 3],
    ['a wrong datetime', HEADER_1M + `${T0},2026-11-24T00:01:00.000Z,1,,,\n`, 'datetime-mismatch', 2],
    [
      'an unknown column',
      'timestamp,datetime_utc,openInterest,sumOpenInterestValue,note\n',
      'unknown-header',
      1,
    ],
    ['a foreign header', 'time,oi\n1,2\n', 'bad-header', 1],
    [
      'a repeated column',
      'timestamp,datetime_utc,openInterest,sumOpenInterestValue,note,note\n',
      'bad-header',
      1,
    ],
  ])('reports %s', (_name, text, kind, line) => {
    const parsed = parseDayFile(text, '1m', DAY);
    expect(parsed.issues).toContainEqual(expect.objectContaining({ kind, line }));
    expect(parsed.appendable).toBe(false);
  });

  it('keeps the first of duplicate slots and rejects the rest byte for byte', () => {
    const parsed = parseDayFile(HEADER_5M + `${T0},x,1,,,\n${T0},x,2,,,api\n`, '5m', DAY);
    expect(parsed.rows.map((row) => row.openInterest)).toEqual(['1']);
    expect(parsed.rejected).toEqual([{ line: 3, text: `${T0},x,2,,,api`, kind: 'duplicate-slot' }]);
  });

  it('keeps unknown columns as extra values', () => {
    const parsed = parseDayFile(`${LEGACY_HEADER.trimEnd()},note\n${T0},x,1,,"a, b"\n`, '5m', DAY);
    expect(parsed.unknownColumns).toEqual(['note']);
    expect(parsed.rows[0]?.extra).toEqual({ note: 'a, b' });
  });
});
