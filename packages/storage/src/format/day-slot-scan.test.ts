import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDatetimeUtc } from '../model/day-key.ts';
import { CORE_COLUMNS, SERIES_COLUMNS, SERIES_SLOT_MS, type Series } from '../model/series.ts';
import {
  cleanFile,
  DAY_KEYS,
  fileArbitrary,
  type Mode,
  MUTATION_BYTES,
  utf8,
  VALID_DECIMALS,
} from '../test-support/day-file-arbitrary.ts';
import { scanDaySlotRuns, summarizeDayBytes } from './day-slot-scan.ts';
import { parseDayFile } from './parse-day-file.ts';

// The scanner must see exactly the slots parseDayFile keeps, or say it cannot tell. The reference
// below goes through parseDayFile on the decoded text and merges runs independently of the code
// under test.
function referenceRuns(bytes: Uint8Array, series: Series, dayKey: string): [number, number][] {
  const text = Buffer.from(bytes).toString('utf8');
  const slots = [...new Set(parseDayFile(text, series, dayKey).rows.map((row) => row.slotMs))];
  slots.sort((a, b) => a - b);
  const slotMs = SERIES_SLOT_MS[series];
  const runs: [number, number][] = [];
  for (const slot of slots) {
    const last = runs.at(-1);
    if (last !== undefined && last[1] === slot) last[1] = slot + slotMs;
    else runs.push([slot, slot + slotMs]);
  }
  return runs;
}

interface Tally {
  checked: number;
  fast: number;
}

/** Asserts agreement and returns whether the scanner answered itself. */
function expectAgreement(bytes: Uint8Array, series: Series, dayKey: string, tally?: Tally): boolean {
  const expected = referenceRuns(bytes, series, dayKey);
  const fast = scanDaySlotRuns(bytes, series, dayKey);
  if (fast !== undefined) expect(fast).toEqual(expected);
  expect(summarizeDayBytes(Buffer.from(bytes), series, dayKey).runs).toEqual(expected);
  if (tally !== undefined) {
    tally.checked++;
    if (fast !== undefined) tally.fast++;
  }
  return fast !== undefined;
}

describe('scanDaySlotRuns', () => {
  it.each<[Mode, number]>([
    ['clean', 0.9],
    ['one-defect', 0.15],
    ['noisy', 0],
  ])(
    'agrees with parseDayFile on generated %s files (valid, invalid, legacy, torn, duplicate, unsorted)',
    (mode, minimumFastShare) => {
      const tally: Tally = { checked: 0, fast: 0 };
      const fastKinds = { unsorted: 0, duplicate: 0, torn: 0, legacy: 0, withRows: 0 };
      fc.assert(
        fc.property(fileArbitrary(mode), ({ series, dayKey, bytes }) => {
          if (!expectAgreement(bytes, series, dayKey, tally)) return;
          const parsed = parseDayFile(Buffer.from(bytes).toString('utf8'), series, dayKey);
          const kinds = new Set(parsed.issues.map((issue) => issue.kind));
          if (kinds.has('unsorted')) fastKinds.unsorted++;
          if (kinds.has('duplicate-slot')) fastKinds.duplicate++;
          if (kinds.has('partial-line')) fastKinds.torn++;
          if (parsed.headerKind === 'legacy') fastKinds.legacy++;
          if (parsed.rows.length > 0) fastKinds.withRows++;
        }),
        { numRuns: 2500 },
      );
      // The comparison only proves something when the scanner answers often and on every shape.
      expect(tally.fast).toBeGreaterThanOrEqual(tally.checked * minimumFastShare);
      if (mode !== 'noisy') {
        for (const count of Object.values(fastKinds)) expect(count).toBeGreaterThan(10);
      }
    },
  );

  it('agrees with parseDayFile after random byte edits of clean files', () => {
    const tally: Tally = { checked: 0, fast: 0 };
    fc.assert(
      fc.property(
        fc.constantFrom<Series>('1m', '5m'),
        fc.constantFrom(...DAY_KEYS),
        fc.array(fc.nat({ max: 30 }), { minLength: 1, maxLength: 25 }),
        fc.array(fc.constantFrom(...VALID_DECIMALS), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        fc.array(
          fc.record({
            at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
            op: fc.constantFrom('replace', 'insert', 'delete'),
            byte: fc.constantFrom(...MUTATION_BYTES),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        (series, dayKey, slots, values, withExtras, edits) => {
          const bytes = [...cleanFile(series, dayKey, slots, values, withExtras)];
          for (const edit of edits) {
            const at = Math.floor(edit.at * bytes.length);
            if (edit.op === 'replace') bytes[at] = edit.byte;
            else if (edit.op === 'insert') bytes.splice(at, 0, edit.byte);
            else bytes.splice(at, 1);
          }
          expectAgreement(new Uint8Array(bytes), series, dayKey, tally);
        },
      ),
      { numRuns: 4000 },
    );
    // Most edits break a row, so most of these go to parseDayFile; both paths must be exercised.
    expect(tally.fast).toBeGreaterThan(tally.checked * 0.03);
    expect(tally.fast).toBeLessThan(tally.checked);
  });

  const T0 = Date.UTC(2026, 10, 24);
  const H1 = `${SERIES_COLUMNS['1m'].join(',')}\n`;
  const H5 = `${SERIES_COLUMNS['5m'].join(',')}\n`;
  const LEGACY = `${CORE_COLUMNS.join(',')}\n`;
  const row = (minute: number, rest = ',1,,,'): string =>
    `${T0 + minute * 60_000},${formatDatetimeUtc(T0 + minute * 60_000)}${rest}\n`;

  it.each<[string, Series, string, boolean]>([
    ['an empty file', '1m', '', true],
    ['a header only', '1m', H1, true],
    ['a torn header', '1m', H1.slice(0, 10), true],
    ['a clean 1m file', '1m', H1 + row(0) + row(1, ',2.5,3,9.1,1764000000123') + row(3), true],
    ['a clean 5m file', '5m', `${H5}${T0},x,1,,,api\n${T0 + 300_000},x,1,,1e3,\n`, true],
    ['the replaced tool format', '5m', `${LEGACY}${T0},2026-11-24 00:00:00,1,2\n`, true],
    ['a torn last line', '1m', H1 + row(0) + row(1).slice(0, 20), true],
    ['unsorted rows and duplicates', '1m', H1 + row(5) + row(1) + row(5, ',9,,,') + row(2), true],
    ['CRLF endings', '5m', `${LEGACY.trimEnd()}\r\n${T0},x,1,2\r\n`, false],
    ['a BOM', '1m', `\uFEFF${H1}${row(0)}`, false],
    ['a quoted value', '1m', `${H1}${T0},x,"1",,,\n`, false],
    ['an unknown column', '1m', `${H1.trimEnd()},note\n${T0},x,1,,,,n\n`, false],
    ['the other series header', '1m', H5 + row(0), false],
    ['an invalid row', '1m', H1 + row(0) + row(1, ',1..2,,,'), false],
    ['an off-grid row', '1m', `${H1}${T0 + 1},x,1,,,\n`, false],
    ['a blank line', '1m', `${H1}\n${row(0)}`, false],
  ])('answers for %s itself: %s', (_name, series, text, answers) => {
    expect(expectAgreement(utf8(text), series, '2026-11-24')).toBe(answers);
  });

  it('answers for every file the store writes, a full day of both series', () => {
    for (const series of ['1m', '5m'] as const) {
      const slotCount = 86_400_000 / SERIES_SLOT_MS[series];
      const slots = Array.from({ length: slotCount }, (_, index) => index).filter(
        (index) => index % 97 !== 5,
      );
      const bytes = cleanFile(series, '2026-11-24', slots, ['81234.567', '1e-8', '-0.5'], true);
      expect(expectAgreement(bytes, series, '2026-11-24')).toBe(true);
    }
  });
});
