import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDatetimeUtc } from '../model/day-key.ts';
import { SERIES_COLUMNS, SERIES_SLOT_MS, type Series } from '../model/series.ts';
import {
  cleanFile,
  fileArbitrary,
  type GeneratedFile,
  nearCanonicalFileArbitrary,
  utf8,
} from '../test-support/day-file-arbitrary.ts';
import { firstLineAtOrAfter, indexCanonicalDayLines } from './day-line-index.ts';
import { formatDayFile } from './format-day-file.ts';
import { parseDayFile } from './parse-day-file.ts';

// An indexed file must be exactly what a rewrite of its parsed rows would write, up to its last
// line break, so that copying its lines gives the bytes rendering the rows gives.
function expectCanonicalWhenIndexed({ series, dayKey, bytes }: GeneratedFile): boolean {
  const index = indexCanonicalDayLines(bytes, series, dayKey);
  if (index === undefined) return false;
  const parsed = parseDayFile(Buffer.from(bytes).toString('utf8'), series, dayKey);
  const end = index.lineStarts[index.count] as number;
  expect(Buffer.from(bytes.subarray(0, end)).toString('utf8')).toBe(
    formatDayFile(SERIES_COLUMNS[series], parsed.rows),
  );
  expect([...index.slotsMs.subarray(0, index.count)]).toEqual(parsed.rows.map((row) => row.slotMs));
  const text = Buffer.from(bytes).toString('latin1');
  for (let line = 0; line < index.count; line++) {
    const start = index.lineStarts[line] as number;
    expect(text.slice(start, text.indexOf(',', start))).toBe(String(index.slotsMs[line]));
  }
  return true;
}

const DAY = '2026-11-24';
const SERIES: readonly Series[] = ['1m', '5m'];

describe('indexCanonicalDayLines', () => {
  it('indexes only files that are their own canonical form (store-written, with near misses)', () => {
    let indexed = 0;
    let checked = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...SERIES).chain((series) => nearCanonicalFileArbitrary(series, DAY)),
        (file) => {
          checked++;
          if (expectCanonicalWhenIndexed(file)) indexed++;
        },
      ),
      { numRuns: 3000 },
    );
    // Both outcomes must occur often for the comparison to mean anything.
    expect(indexed).toBeGreaterThan(checked * 0.3);
    expect(indexed).toBeLessThan(checked * 0.8);
  });

  it.each(['clean', 'one-defect', 'noisy'] as const)('never indexes a %s generated file wrongly', (mode) => {
    fc.assert(
      fc.property(fileArbitrary(mode), (file) => {
        expectCanonicalWhenIndexed(file);
      }),
      { numRuns: 1500 },
    );
  });

  const H1 = `${SERIES_COLUMNS['1m'].join(',')}\n`;
  const T0 = Date.UTC(2026, 10, 24);
  const row = (minute: number, rest = ',1,,,'): string =>
    `${T0 + minute * 60_000},${formatDatetimeUtc(T0 + minute * 60_000)}${rest}\n`;

  it.each<[string, string, number | undefined]>([
    ['a header only', H1, 0],
    ['sorted distinct rows', H1 + row(0) + row(1, ',2.5,3,9.1,1764000000123') + row(1439), 3],
    ['a torn last line (left out)', H1 + row(0) + row(1).slice(0, 20), 1],
    ['an empty file', '', undefined],
    ['a torn header', H1.slice(0, 10), undefined],
    ['unsorted rows', H1 + row(2) + row(1), undefined],
    ['a duplicate slot', H1 + row(1) + row(1), undefined],
    ['a legacy datetime', `${H1}${T0},2026-11-24 00:00:00,1,,,\n`, undefined],
    ['a wrong datetime', `${H1}${T0},2026-11-24T00:01:00.000Z,1,,,\n`, undefined],
    ['a datetime without milliseconds', `${H1}${T0},2026-11-24T00:00:00Z,1,,,\n`, undefined],
    [
      'the replaced tool format',
      `timestamp,datetime_utc,openInterest,sumOpenInterestValue\n${row(0, ',1,2')}`,
      undefined,
    ],
    ['CRLF endings', H1.replace('\n', '\r\n') + row(0), undefined],
    ['a CR in a row', H1 + row(0, ',1,,,\r'), undefined],
    ['a BOM', `\uFEFF${H1}${row(0)}`, undefined],
    ['a quoted value', `${H1}${T0},${formatDatetimeUtc(T0)},"1",,,\n`, undefined],
    ['an invalid value', H1 + row(0, ',1..2,,,'), undefined],
    ['a row of another day', `${H1}${T0 - 60_000},${formatDatetimeUtc(T0 - 60_000)},1,,,\n`, undefined],
    ['a blank line', `${H1}\n${row(0)}`, undefined],
    ['a field too many', H1 + row(0, ',1,,,,'), undefined],
  ])('%s', (_name, text, count) => {
    const index = indexCanonicalDayLines(utf8(text), '1m', DAY);
    expect(index?.count).toBe(count);
    if (index !== undefined) expectCanonicalWhenIndexed({ series: '1m', dayKey: DAY, bytes: utf8(text) });
  });

  it('indexes a full day of either series and finds lines by slot', () => {
    for (const series of SERIES) {
      const slotMs = SERIES_SLOT_MS[series];
      const perDay = 86_400_000 / slotMs;
      const bytes = cleanFile(
        series,
        DAY,
        Array.from({ length: perDay }, (_, slot) => slot),
        ['1.5'],
        true,
      );
      const index = indexCanonicalDayLines(bytes, series, DAY);
      expect(index?.count).toBe(perDay);
      if (index === undefined) continue;
      expect(firstLineAtOrAfter(index, 0)).toBe(0);
      expect(firstLineAtOrAfter(index, T0 + slotMs)).toBe(1);
      expect(firstLineAtOrAfter(index, T0 + slotMs + 1)).toBe(2);
      expect(firstLineAtOrAfter(index, T0 + 86_400_000)).toBe(perDay);
    }
  });
});
