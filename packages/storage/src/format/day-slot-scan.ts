import { DAY_MS, dayRange } from '../model/day-key.ts';
import { CORE_COLUMNS, SERIES_COLUMNS, SERIES_SLOT_MS, type Series } from '../model/series.ts';
import { parseDayFile } from './parse-day-file.ts';

// A coverage summary only needs the slots of the valid rows. parseDayFile builds a row object per
// line (strings, a Record, regex checks), which made a cold coverage scan of 30 000 files take
// tens of seconds; this scanner checks the same rules with byte loops over the raw file and
// allocates nothing per row. It only accepts what it fully understands (this store's header or the
// replaced tool's four columns, `\n` endings, unquoted fields, every line a valid row) and returns
// undefined for anything else, so callers fall back to parseDayFile and the result is identical by
// construction. Working on bytes instead of decoded text is safe: UTF-8 never encodes a non-ASCII
// character with bytes below 0x80, so `,` and `\n` split bytes and text alike, and every byte of a
// checked value must be ASCII here.

/** How the scanner checks the values of one column beyond the four core columns. */
export type ExtraCheck = 'decimal' | 'integer' | 'source';

const EXTRA_CHECKS: Readonly<Record<string, ExtraCheck>> = {
  markPrice: 'decimal',
  exchangeTime: 'integer',
  CMCCirculatingSupply: 'decimal',
  source: 'source',
  contractSize: 'decimal',
  valueAsset: 'source',
};

const NEWLINE = 0x0a;
const SPACE = 0x20;
const COMMA = 0x2c;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const DIGIT_0 = 0x30;
const DIGIT_1 = 0x31;
const UPPER_E = 0x45;
const LOWER_E = 0x65;
const MAX_DECIMAL_LENGTH = 64;
const MAX_INTEGER_DIGITS = 16;
const MAX_SOURCE_LENGTH = 32;
// 15 digits reach 999 999 999 999 999 ms, beyond year 9999 where day files end, and stay exact in
// a double; a longer timestamp is never on a day and goes to the full parser.
const MAX_TIMESTAMP_DIGITS = 15;

/** The exact header line (with its `\n`) of a layout the scanners accept, and how each extra column is checked. */
export interface HeaderLayout {
  readonly bytes: Uint8Array;
  readonly checks: readonly ExtraCheck[];
}

function layoutOf(columns: readonly string[]): HeaderLayout {
  return {
    bytes: new TextEncoder().encode(`${columns.join(',')}\n`),
    checks: columns.slice(CORE_COLUMNS.length).map((name) => EXTRA_CHECKS[name] as ExtraCheck),
  };
}

const LEGACY_LAYOUT = layoutOf(CORE_COLUMNS);
// One per full header this store writes (a market's series header), built on first use.
const fullLayouts = new Map<string, HeaderLayout>();

/** The layout of a full header `columns` (`seriesColumnsOf(symbol, series)`). */
export function fullLayoutOf(columns: readonly string[]): HeaderLayout {
  const key = columns.join(',');
  let layout = fullLayouts.get(key);
  if (layout === undefined) {
    layout = layoutOf(columns);
    fullLayouts.set(key, layout);
  }
  return layout;
}

// dayRange goes through luxon, which costs more than scanning a small file; a scan sees the same
// few dozen days again and again.
const dayStarts = new Map<string, number>();
const MAX_REMEMBERED_DAYS = 4096;

/** dayRange(dayKey).startMs, remembered. */
export function dayStartOf(dayKey: string): number {
  let startMs = dayStarts.get(dayKey);
  if (startMs === undefined) {
    startMs = dayRange(dayKey).startMs;
    if (dayStarts.size >= MAX_REMEMBERED_DAYS) dayStarts.clear();
    dayStarts.set(dayKey, startMs);
  }
  return startMs;
}

/** True when the first `end` bytes of `bytes` start with `prefix`. */
export function startsWith(bytes: Uint8Array, prefix: Uint8Array, end: number): boolean {
  if (prefix.length > end) return false;
  for (let index = 0; index < prefix.length; index++) {
    if (bytes[index] !== prefix[index]) return false;
  }
  return true;
}

function isDigit(byte: number): boolean {
  return (byte - DIGIT_0) >>> 0 <= 9;
}

// Each scan* function starts at the first byte of a field and returns the index just after the
// value (where a `,` or `\n` must follow), or -1 when the value is not acceptable. Every line of the
// scanned span ends with `\n`, which no loop accepts, so no loop can run past the span.

/** `-?\d+(\.\d+)?([eE][+-]?\d{1,4})?`, at most 64 characters: isDecimalString. */
function scanDecimal(bytes: Uint8Array, start: number): number {
  let index = start;
  if (bytes[index] === MINUS) index++;
  const intStart = index;
  while (isDigit(bytes[index] as number)) index++;
  if (index === intStart) return -1;
  if (bytes[index] === DOT) {
    index++;
    const fractionStart = index;
    while (isDigit(bytes[index] as number)) index++;
    if (index === fractionStart) return -1;
  }
  const marker = bytes[index];
  if (marker === LOWER_E || marker === UPPER_E) {
    index++;
    const sign = bytes[index];
    if (sign === PLUS || sign === MINUS) index++;
    const exponentStart = index;
    while (isDigit(bytes[index] as number)) index++;
    const exponentDigits = index - exponentStart;
    if (exponentDigits < 1 || exponentDigits > 4) return -1;
  }
  return index - start > MAX_DECIMAL_LENGTH ? -1 : index;
}

/** Where {@link scanTimestamp} puts the value it read, so the per-row scan allocates nothing. */
export interface TimestampValue {
  slotMs: number;
}

/**
 * The timestamp field, `0|[1-9]\d{0,14}` (isIntegerString, bounded so the value stays an exact
 * double): its value goes to `out`, and the index after it is returned, or -1.
 */
export function scanTimestamp(bytes: Uint8Array, start: number, out: TimestampValue): number {
  const first = bytes[start] as number;
  if (first === DIGIT_0) {
    out.slotMs = 0;
    return start + 1;
  }
  if (first < DIGIT_1 || first > DIGIT_0 + 9) return -1;
  let index = start;
  let value = 0;
  for (;;) {
    const digit = ((bytes[index] as number) - DIGIT_0) >>> 0;
    if (digit > 9) break;
    value = value * 10 + digit;
    index++;
  }
  if (index - start > MAX_TIMESTAMP_DIGITS) return -1;
  out.slotMs = value;
  return index;
}

/** `0|[1-9]\d{0,15}`: isIntegerString. */
function scanInteger(bytes: Uint8Array, start: number): number {
  const first = bytes[start] as number;
  if (first === DIGIT_0) return start + 1;
  if (first < DIGIT_1 || first > DIGIT_0 + 9) return -1;
  let index = start + 1;
  while (isDigit(bytes[index] as number)) index++;
  return index - start > MAX_INTEGER_DIGITS ? -1 : index;
}

/** `[A-Za-z0-9_.:-]{0,32}`: the source column's rule. */
function scanSource(bytes: Uint8Array, start: number): number {
  let index = start;
  for (;;) {
    const byte = bytes[index] as number;
    const ok =
      (byte >= 0x61 && byte <= 0x7a) || // a-z
      (byte >= 0x41 && byte <= 0x5a) || // A-Z
      (byte >= DIGIT_0 && byte <= 0x3a) || // 0-9 and :
      byte === 0x5f || // _
      byte === DOT ||
      byte === MINUS;
    if (!ok) break;
    index++;
  }
  return index - start > MAX_SOURCE_LENGTH ? -1 : index;
}

/** An extra column's value: '' or what its check accepts (checkExtraValue). */
function scanExtra(bytes: Uint8Array, start: number, check: ExtraCheck): number {
  const byte = bytes[start];
  if (byte === COMMA || byte === NEWLINE) return start;
  if (check === 'decimal') return scanDecimal(bytes, start);
  if (check === 'integer') return scanInteger(bytes, start);
  return scanSource(bytes, start);
}

/**
 * The rest of a row from the `,` after datetime_utc: openInterest (a decimal), sumOpenInterestValue
 * ('' or a decimal), one field per check, then `\n`; the index just after the `\n`, or -1.
 */
export function scanRowValues(bytes: Uint8Array, start: number, checks: readonly ExtraCheck[]): number {
  if (bytes[start] !== COMMA) return -1;
  let index = scanDecimal(bytes, start + 1);
  if (index === -1 || bytes[index] !== COMMA) return -1;
  index++;
  const valueByte = bytes[index];
  if (valueByte !== COMMA && valueByte !== NEWLINE) {
    index = scanDecimal(bytes, index);
    if (index === -1) return -1;
  }
  for (let column = 0; column < checks.length; column++) {
    if (bytes[index] !== COMMA) return -1;
    index = scanExtra(bytes, index + 1, checks[column] as ExtraCheck);
    if (index === -1) return -1;
  }
  return bytes[index] === NEWLINE ? index + 1 : -1;
}

/**
 * The distinct slots of the rows parseDayFile would accept in a day file of `series` for `dayKey`
 * whose full header is `columns`, merged into runs `[firstSlot, lastSlot + slot)`, read straight
 * from the file's bytes; undefined when the file holds anything this scanner does not handle (then
 * parse it with parseDayFile).
 */
export function scanDaySlotRuns(
  bytes: Uint8Array,
  series: Series,
  dayKey: string,
  columns: readonly string[] = SERIES_COLUMNS[series],
): [number, number][] | undefined {
  // Text after the last `\n` is a torn line, never a row; a file without one has no rows.
  const end = bytes.lastIndexOf(NEWLINE) + 1;
  if (end === 0) return [];
  const full = fullLayoutOf(columns);
  const layout = startsWith(bytes, full.bytes, end)
    ? full
    : startsWith(bytes, LEGACY_LAYOUT.bytes, end)
      ? LEGACY_LAYOUT
      : undefined;
  if (layout === undefined) return undefined;
  const checks = layout.checks;
  const slotMs = SERIES_SLOT_MS[series];
  const dayStartMs = dayStartOf(dayKey);
  const present = new Uint8Array(DAY_MS / slotMs);
  const timestamp: TimestampValue = { slotMs: 0 };
  let index = layout.bytes.length;
  while (index < end) {
    // timestamp: isIntegerString, on the grid, inside the day.
    index = scanTimestamp(bytes, index, timestamp);
    if (index === -1) return undefined;
    const slot = timestamp.slotMs;
    if (bytes[index] !== COMMA) return undefined;
    const offsetMs = slot - dayStartMs;
    if (offsetMs < 0 || offsetMs >= DAY_MS || slot % slotMs !== 0) return undefined;
    // datetime_utc: any content is a valid row (a mismatch is only reported), but a byte that could
    // be a quote, a carriage return or a line break sends the file to the full parser.
    index++;
    for (;;) {
      const byte = bytes[index] as number;
      if (byte > COMMA || byte === SPACE) index++;
      else break;
    }
    index = scanRowValues(bytes, index, checks);
    if (index === -1) return undefined;
    // Duplicates keep their first row and unsorted rows stay valid: either way the slot is present.
    present[offsetMs / slotMs] = 1;
  }
  const runs: [number, number][] = [];
  let runStart = -1;
  for (let position = 0; position <= present.length; position++) {
    if (position < present.length && present[position] === 1) {
      if (runStart === -1) runStart = position;
    } else if (runStart !== -1) {
      runs.push([dayStartMs + runStart * slotMs, dayStartMs + position * slotMs]);
      runStart = -1;
    }
  }
  return runs;
}

function slotsToRuns(slots: number[], slotMs: number): [number, number][] {
  slots.sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const slot of slots) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last[1] === slot) last[1] = slot + slotMs;
    else runs.push([slot, slot + slotMs]);
  }
  return runs;
}

/** What a day file's bytes hold for coverage: the runs of present slots, and whether its header is foreign. */
export interface DaySlotSummary {
  readonly runs: [number, number][];
  /** The header is not one this store writes or reads: readers skip the file, a writer quarantines it. */
  readonly foreign: boolean;
}

/**
 * The runs of present slots of a day file's bytes (full header `columns`): the byte scanner, or
 * parseDayFile for what it does not handle.
 */
export function summarizeDayBytes(
  bytes: Buffer,
  series: Series,
  dayKey: string,
  columns: readonly string[] = SERIES_COLUMNS[series],
): DaySlotSummary {
  const scanned = scanDaySlotRuns(bytes, series, dayKey, columns);
  if (scanned !== undefined) return { runs: scanned, foreign: false };
  const parsed = parseDayFile(bytes.toString('utf8'), series, dayKey, columns);
  return {
    runs: slotsToRuns(
      parsed.rows.map((row) => row.slotMs),
      SERIES_SLOT_MS[series],
    ),
    foreign: parsed.headerKind === 'bad',
  };
}
