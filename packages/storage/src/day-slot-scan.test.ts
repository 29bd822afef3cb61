import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DayRow, formatDayFile, parseDayFile } from './day-file.ts';
import { dayRange, formatDatetimeUtc, formatLegacyDatetimeUtc } from './day-key.ts';
import { scanDaySlotRuns, summarizeDayBytes } from './day-slot-scan.ts';
import { CORE_COLUMNS, SERIES_COLUMNS, SERIES_SLOT_MS, type Series } from './series.ts';

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
  expect(summarizeDayBytes(Buffer.from(bytes), series, dayKey)).toEqual(expected);
  if (tally !== undefined) {
    tally.checked++;
    if (fast !== undefined) tally.fast++;
  }
  return fast !== undefined;
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]): Uint8Array => Buffer.concat(parts);

const DAY_KEYS = ['2026-11-24', '1970-01-01'] as const;

const VALID_DECIMALS = [
  '0',
  '1',
  '12345.678',
  '-1.5',
  '1e-8',
  '1.23E+5',
  '7e1234',
  '20403.637',
  '9'.repeat(64),
];
const INVALID_DECIMALS = [
  '.5',
  '5.',
  '+1',
  'NaN',
  '1e',
  '1e12345',
  '1'.repeat(65),
  ' 1',
  '1 ',
  '1,5',
  '"1.5"',
  '1.5\r',
  '1é',
  '1_0',
];
const INTEGERS = ['0', '1764000000123', '1'.repeat(16), '1'.repeat(17), '01', '-1', '1.0', '1e3'];
const SOURCES = [
  'api',
  'archive',
  'a_b.c:D-9',
  'x'.repeat(32),
  'x'.repeat(33),
  'a b',
  'a,b',
  'é',
  '"api"',
  'a/b',
];

// A clean file holds only rows the scanner must answer for itself; a noisy one mixes in bad values.
function decimalField(clean: boolean): fc.Arbitrary<string> {
  if (clean) return fc.constantFrom(...VALID_DECIMALS);
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...VALID_DECIMALS) },
    { weight: 1, arbitrary: fc.constantFrom(...INVALID_DECIMALS) },
  );
}

function optionalDecimal(clean: boolean): fc.Arbitrary<string> {
  return fc.oneof({ weight: 1, arbitrary: fc.constant('') }, { weight: 4, arbitrary: decimalField(clean) });
}

function extraFields(series: Series, clean: boolean): fc.Arbitrary<string[]> {
  const valid =
    series === '1m' ? ['', '0', '1764000000123', '1'.repeat(16)] : ['', 'api', 'a_b.c:D-9', 'x'.repeat(32)];
  const all = series === '1m' ? INTEGERS : SOURCES;
  const second = clean
    ? fc.constantFrom(...valid)
    : fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...valid) },
        { weight: 1, arbitrary: fc.constantFrom(...all) },
      );
  return fc.tuple(optionalDecimal(clean), second);
}

type HeaderChoice = 'full' | 'legacy' | 'other-series' | 'unknown-column' | 'foreign' | 'none';

function headerText(choice: HeaderChoice, series: Series): string {
  const other: Series = series === '1m' ? '5m' : '1m';
  switch (choice) {
    case 'full':
      return SERIES_COLUMNS[series].join(',');
    case 'legacy':
      return CORE_COLUMNS.join(',');
    case 'other-series':
      return SERIES_COLUMNS[other].join(',');
    case 'unknown-column':
      return [...SERIES_COLUMNS[series], 'note'].join(',');
    case 'foreign':
      return 'time,oi';
    case 'none':
      return '';
  }
}

function fieldsForHeader(choice: HeaderChoice, extras: string[], note: string): string[] {
  if (choice === 'legacy' || choice === 'foreign') return [];
  if (choice === 'unknown-column') return [...extras, note];
  return extras;
}

interface GeneratedFile {
  readonly series: Series;
  readonly dayKey: string;
  readonly bytes: Uint8Array;
}

/** clean: only rows the scanner must answer for; one-defect: a clean file with one bad spot; noisy: bad values anywhere. */
type Mode = 'clean' | 'one-defect' | 'noisy';

interface FileShape {
  readonly series: Series;
  readonly dayKey: string;
  readonly header: HeaderChoice;
  readonly bom: boolean;
  readonly crlfHeader: boolean;
  readonly sorted: boolean;
  readonly tail: string;
  readonly cutBytes: number;
}

interface Line {
  readonly slot: number;
  readonly fields: string[];
  readonly ending: string;
  readonly blank: boolean;
}

function fileArbitrary(mode: Mode): fc.Arbitrary<GeneratedFile> {
  const clean = mode !== 'noisy';
  return fc
    .record({
      series: fc.constantFrom<Series>('1m', '5m'),
      dayKey: fc.constantFrom(...DAY_KEYS),
      header: clean
        ? fc.oneof(
            { weight: 3, arbitrary: fc.constant<HeaderChoice>('full') },
            { weight: 1, arbitrary: fc.constant<HeaderChoice>('legacy') },
          )
        : fc.constantFrom<HeaderChoice>(
            'full',
            'full',
            'legacy',
            'other-series',
            'unknown-column',
            'foreign',
            'none',
          ),
      bom: clean ? fc.constant(false) : fc.integer({ min: 0, max: 9 }).map((value) => value === 0),
      crlfHeader: clean ? fc.constant(false) : fc.integer({ min: 0, max: 9 }).map((value) => value === 0),
      sorted: fc.boolean(),
      tail: fc.oneof(
        { weight: 3, arbitrary: fc.constant('') },
        { weight: 1, arbitrary: fc.constantFrom('1764', '1763942400000,2026-11-24T00:00', 'x', '\r', 'é') },
      ),
      cutBytes: fc.oneof(
        { weight: 6, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }) },
      ),
    })
    .chain((shape) =>
      fc
        .tuple(
          fc.array(lineArbitrary(shape, clean), { maxLength: 30 }),
          fc.array(fc.nat(), { maxLength: 4 }),
          mode === 'one-defect' ? defectArbitrary(shape) : fc.constant(undefined),
        )
        .map(([lines, repeats, defect]) => {
          const body = [...lines];
          if (lines.length > 0) {
            for (const repeat of repeats) body.push(lines[repeat % lines.length] as Line);
          }
          if (shape.sorted) body.sort((a, b) => a.slot - b.slot);
          if (defect !== undefined && body.length > 0) {
            const index = Math.floor(defect.lineAt * body.length);
            body[index] = defect.apply(body[index] as Line);
          }
          const header =
            shape.header === 'none'
              ? ''
              : headerText(shape.header, shape.series) + (shape.crlfHeader ? '\r\n' : '\n');
          const text = body.map((line) => (line.blank ? line.ending : line.fields.join(',') + line.ending));
          let bytes = concat(
            shape.bom ? new Uint8Array([0xef, 0xbb, 0xbf]) : new Uint8Array(),
            utf8(header + text.join('') + shape.tail),
          );
          if (shape.cutBytes > 0) bytes = bytes.subarray(0, Math.max(0, bytes.length - shape.cutBytes));
          return { series: shape.series, dayKey: shape.dayKey, bytes };
        }),
    );
}

function timestampDefects(shape: FileShape): string[] {
  const slotMs = SERIES_SLOT_MS[shape.series];
  const day = dayRange(shape.dayKey);
  return [
    String(day.startMs + 1000),
    String(day.startMs + slotMs / 2),
    String(day.startMs - slotMs),
    String(day.endMs),
    String(day.endMs - slotMs),
    '0',
    `0${day.startMs + slotMs}`,
    '1'.repeat(16),
    `${day.startMs}.0`,
    `-${day.startMs}`,
    `+${day.startMs}`,
    '',
    ` ${day.startMs}`,
    `"${day.startMs}"`,
  ];
}

const DATETIME_DEFECTS = ["a!#$%&'()*+", 'a\tb', '"2026-11-24"', '"a,b"', 'a,b', 'a\rb', '\u00A0', '\uFEFF'];

interface Defect {
  readonly lineAt: number;
  readonly apply: (line: Line) => Line;
}

// One bad spot in an otherwise clean file: a hostile value for one field chosen by the field's
// kind, a field too many or too few, a CRLF ending, or a blank line.
function defectArbitrary(shape: FileShape): fc.Arbitrary<Defect> {
  const lineAt = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
  const extra1 = shape.series === '1m' ? INTEGERS : SOURCES;
  const byField: string[][] = [
    timestampDefects(shape),
    DATETIME_DEFECTS,
    [...INVALID_DECIMALS, ''],
    INVALID_DECIMALS,
    INVALID_DECIMALS,
    extra1,
  ];
  const replace = fc
    .tuple(lineAt, fc.nat({ max: byField.length - 1 }), fc.nat())
    .map(([at, field, pick]): Defect => {
      const candidates = byField[field] as string[];
      const value = candidates[pick % candidates.length] as string;
      return {
        lineAt: at,
        apply: (line) => {
          const fields = [...line.fields];
          if (field < fields.length) fields[field] = value;
          return { ...line, fields };
        },
      };
    });
  const reshape = fc.tuple(lineAt, fc.constantFrom('fewer', 'more', 'crlf', 'blank')).map(
    ([at, kind]): Defect => ({
      lineAt: at,
      apply: (line) => {
        if (kind === 'fewer') return { ...line, fields: line.fields.slice(0, -1) };
        if (kind === 'more') return { ...line, fields: [...line.fields, ''] };
        if (kind === 'crlf') return { ...line, ending: '\r\n' };
        return { ...line, blank: true };
      },
    }),
  );
  return fc.oneof({ weight: 6, arbitrary: replace }, { weight: 1, arbitrary: reshape });
}

function lineArbitrary(shape: FileShape, clean: boolean): fc.Arbitrary<Line> {
  const slotMs = SERIES_SLOT_MS[shape.series];
  const day = dayRange(shape.dayKey);
  const slotCount = 20;
  const onGrid = fc.nat({ max: slotCount - 1 }).map((index) => String(day.startMs + index * slotMs));
  const timestamp = clean
    ? onGrid
    : fc.oneof(
        { weight: 12, arbitrary: onGrid },
        { weight: 1, arbitrary: fc.constantFrom(...timestampDefects(shape)) },
      );
  const datetimeFor = (ms: number): fc.Arbitrary<string> => {
    const rendered = Number.isSafeInteger(ms) && ms >= 0 && ms < 253402300800000;
    const valid = fc.oneof(
      { weight: 6, arbitrary: fc.constant(rendered ? formatDatetimeUtc(ms) : 'x') },
      { weight: 2, arbitrary: fc.constant(rendered ? formatLegacyDatetimeUtc(ms) : 'x') },
      // Rows with a wrong datetime stay valid: the mismatch is only reported.
      { weight: 2, arbitrary: fc.constantFrom('', 'x', '2026-11-24T00:01:00.000Z', 'été', '\u{1F600}~') },
    );
    if (clean) return valid;
    return fc.oneof(
      { weight: 8, arbitrary: valid },
      { weight: 1, arbitrary: fc.constantFrom(...DATETIME_DEFECTS) },
    );
  };
  return timestamp.chain((ts) =>
    fc
      .record({
        datetime: datetimeFor(Number(ts)),
        oi: decimalField(clean),
        value: optionalDecimal(clean),
        extras: extraFields(shape.series, clean),
        note: fc.constantFrom('', 'n', '"q, r"'),
        fieldChange: clean
          ? fc.constant(0)
          : fc.oneof(
              { weight: 12, arbitrary: fc.constant(0) },
              { weight: 1, arbitrary: fc.constantFrom(-1, 1) },
            ),
        ending: clean
          ? fc.constant('\n')
          : fc.oneof(
              { weight: 12, arbitrary: fc.constant('\n') },
              { weight: 1, arbitrary: fc.constant('\r\n') },
            ),
        blank: clean ? fc.constant(false) : fc.integer({ min: 0, max: 20 }).map((value) => value === 0),
      })
      .map((row): Line => {
        const fields = [
          ts,
          row.datetime,
          row.oi,
          row.value,
          ...fieldsForHeader(shape.header, row.extras, row.note),
        ];
        if (row.fieldChange === -1) fields.pop();
        if (row.fieldChange === 1) fields.push('');
        return { slot: Number(ts), fields, ending: row.ending, blank: row.blank };
      }),
  );
}

// Bytes a mutation may put into a clean file: the CSV syntax, number syntax, and bytes that only
// mean something to the UTF-8 decoder (a BOM, a lone lead byte, a continuation byte, an invalid byte).
const MUTATION_BYTES = [
  0x0a, 0x0d, 0x2c, 0x22, 0x20, 0x2e, 0x2d, 0x2b, 0x65, 0x45, 0x30, 0x31, 0x39, 0x54, 0x5a, 0x3a, 0x61, 0x00,
  0xef, 0xbb, 0xbf, 0xe2, 0x80, 0xc3, 0xa9, 0xff,
];

function cleanFile(
  series: Series,
  dayKey: string,
  slots: number[],
  values: string[],
  withExtras: boolean,
): Uint8Array {
  const slotMs = SERIES_SLOT_MS[series];
  const startMs = dayRange(dayKey).startMs;
  const rows: DayRow[] = slots.map((index, position) => ({
    slotMs: startMs + index * slotMs,
    openInterest: values[position % values.length] as string,
    openInterestValue: position % 3 === 0 ? '' : '2.5',
    extra: series === '1m' ? { markPrice: '9.1', exchangeTime: '1764000000123' } : { source: 'api' },
  }));
  return utf8(formatDayFile(withExtras ? SERIES_COLUMNS[series] : CORE_COLUMNS, rows));
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
