// Generators of day files shared by the tests that hold a fast reader to parseDayFile.
import fc from 'fast-check';
import type { DayRow } from '../format/day-row.ts';
import { formatDayFile } from '../format/format-day-file.ts';
import { dayRange, formatDatetimeUtc, formatLegacyDatetimeUtc } from '../model/day-key.ts';
import { CORE_COLUMNS, SERIES_COLUMNS, SERIES_SLOT_MS, type Series } from '../model/series.ts';

/** UTF-8 bytes of `text`. */
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]): Uint8Array => Buffer.concat(parts);

/** Day keys the generated files are for by default. */
export const DAY_KEYS: readonly string[] = ['2026-11-24', '1970-01-01'];

/** Decimals isDecimalString accepts, from plain to extreme. */
export const VALID_DECIMALS = [
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

/** A generated day file and what it is for. */
export interface GeneratedFile {
  readonly series: Series;
  readonly dayKey: string;
  readonly bytes: Uint8Array;
}

/** clean: only rows the scanner must answer for; one-defect: a clean file with one bad spot; noisy: bad values anywhere. */
export type Mode = 'clean' | 'one-defect' | 'noisy';

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

/** What fileArbitrary may vary. */
export interface FileArbitraryOptions {
  /** Only this series. @default both */
  readonly series?: Series;
  /** @default DAY_KEYS */
  readonly dayKeys?: readonly string[];
}

/**
 * Day files of `mode`: any header the store may meet, sorted or not, duplicates, torn tails, cut
 * files, values valid and not, rows in the first 20 slots of the day.
 */
export function fileArbitrary(mode: Mode, options: FileArbitraryOptions = {}): fc.Arbitrary<GeneratedFile> {
  const clean = mode !== 'noisy';
  return fc
    .record({
      series:
        options.series === undefined ? fc.constantFrom<Series>('1m', '5m') : fc.constant(options.series),
      dayKey: fc.constantFrom(...(options.dayKeys ?? DAY_KEYS)),
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

/** Bytes a mutation may put into a clean file: the CSV syntax, number syntax, and bytes that only
// mean something to the UTF-8 decoder (a BOM, a lone lead byte, a continuation byte, an invalid byte). */
export const MUTATION_BYTES = [
  0x0a, 0x0d, 0x2c, 0x22, 0x20, 0x2e, 0x2d, 0x2b, 0x65, 0x45, 0x30, 0x31, 0x39, 0x54, 0x5a, 0x3a, 0x61, 0x00,
  0xef, 0xbb, 0xbf, 0xe2, 0x80, 0xc3, 0xa9, 0xff,
];

/** A valid file in this store's format (`withExtras`) or the replaced tool's, rows at the slot indexes `slots`. */
export function cleanFile(
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

/** A change that may take a file out of its canonical form, or not. */
export type CanonicalDefect =
  | 'none'
  | 'swap'
  | 'duplicate'
  | 'legacy-datetime'
  | 'wrong-datetime'
  | 'torn'
  | 'cut'
  | 'crlf'
  | 'bom'
  | 'legacy-header'
  | 'byte';

const CANONICAL_DEFECTS: readonly CanonicalDefect[] = [
  'swap',
  'duplicate',
  'legacy-datetime',
  'wrong-datetime',
  'torn',
  'cut',
  'crlf',
  'bom',
  'legacy-header',
  'byte',
];

/** Slot indexes near both ends of a day, where range boundaries are interesting. */
export function edgeSlotIndexes(series: Series): number[] {
  const perDay = 86_400_000 / SERIES_SLOT_MS[series];
  return [
    ...Array.from({ length: 20 }, (_, index) => index),
    ...Array.from({ length: 20 }, (_, index) => perDay - 20 + index),
  ];
}

function rowValuesArbitrary(series: Series): fc.Arbitrary<Omit<DayRow, 'slotMs'>> {
  const decimal = fc.constantFrom(...VALID_DECIMALS);
  const optional = fc.oneof(fc.constant(''), decimal);
  const extra =
    series === '1m'
      ? fc.record({ markPrice: optional, exchangeTime: fc.constantFrom('', '0', '1764000000123') })
      : fc.record({ CMCCirculatingSupply: optional, source: fc.constantFrom('', 'api', 'a_b.c:D-9') });
  return fc.record({ openInterest: decimal, openInterestValue: optional, extra });
}

/**
 * Files as the store writes them (formatDayFile: full header, sorted distinct slots, ISO datetimes)
 * at the edges of the day, then with up to two defects that each may or may not leave the file
 * canonical: mostly files a fast reader must answer for, and near misses it must refuse.
 */
export function nearCanonicalFileArbitrary(series: Series, dayKey: string): fc.Arbitrary<GeneratedFile> {
  const startMs = dayRange(dayKey).startMs;
  const slotMs = SERIES_SLOT_MS[series];
  return fc
    .record({
      slots: fc.uniqueArray(fc.constantFrom(...edgeSlotIndexes(series)), { maxLength: 30 }),
      values: fc.array(rowValuesArbitrary(series), { minLength: 1, maxLength: 5 }),
      defects: fc.oneof(
        { weight: 2, arbitrary: fc.constant<CanonicalDefect[]>([]) },
        {
          weight: 3,
          arbitrary: fc.array(fc.constantFrom(...CANONICAL_DEFECTS), { minLength: 1, maxLength: 2 }),
        },
      ),
      at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      byte: fc.constantFrom(...MUTATION_BYTES),
      cut: fc.integer({ min: 1, max: 30 }),
    })
    .map(({ slots, values, defects, at, byte, cut }) => {
      const rows: DayRow[] = slots.map((index, position) => ({
        slotMs: startMs + index * slotMs,
        ...(values[position % values.length] as Omit<DayRow, 'slotMs'>),
      }));
      const legacyHeader = defects.includes('legacy-header');
      const lines = formatDayFile(legacyHeader ? CORE_COLUMNS : SERIES_COLUMNS[series], rows)
        .split('\n')
        .slice(0, -1);
      const pick = (): number => 1 + Math.floor(at * (lines.length - 1));
      let prefix = '';
      let tail = '';
      let cutBytes = 0;
      let mutate = false;
      for (const defect of defects) {
        const hasRow = lines.length >= 2;
        if (!hasRow && defect !== 'bom' && defect !== 'torn' && defect !== 'byte') continue;
        const line = hasRow ? pick() : 0;
        const fields = (lines[line] as string).split(',');
        const slot = Number(fields[0]);
        switch (defect) {
          case 'swap':
            if (line + 1 < lines.length) {
              [lines[line], lines[line + 1]] = [lines[line + 1] as string, lines[line] as string];
            }
            break;
          case 'duplicate':
            lines.splice(line + 1, 0, lines[line] as string);
            break;
          case 'legacy-datetime':
            fields[1] = formatLegacyDatetimeUtc(slot);
            lines[line] = fields.join(',');
            break;
          case 'wrong-datetime':
            fields[1] = formatDatetimeUtc(slot + slotMs);
            lines[line] = fields.join(',');
            break;
          case 'torn':
            tail = `${startMs},${formatDatetimeUtc(startMs)}`;
            break;
          case 'cut':
            cutBytes = cut;
            break;
          case 'crlf':
            lines[line] = `${lines[line]}\r`;
            break;
          case 'bom':
            prefix = '\uFEFF';
            break;
          case 'byte':
            mutate = true;
            break;
          default:
            break;
        }
      }
      let bytes = utf8(`${prefix}${lines.join('\n')}\n${tail}`);
      if (mutate) {
        const edited = [...bytes];
        edited[Math.floor(at * edited.length)] = byte;
        bytes = new Uint8Array(edited);
      }
      if (cutBytes > 0) bytes = bytes.subarray(0, Math.max(0, bytes.length - cutBytes));
      return { series, dayKey, bytes };
    });
}
