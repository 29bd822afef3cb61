import { dayRange, formatLegacyDatetimeUtc } from '../model/day-key.ts';
import { isDecimalString, sameDecimal } from '../model/decimal.ts';
import type { FileIssueKind, LineIssue } from '../model/file-issue.ts';
import { checkExtraValue, isIntegerString } from '../model/oi-point.ts';
import { CORE_COLUMNS, SERIES_COLUMNS, SERIES_SLOT_MS, type Series } from '../model/series.ts';
import { splitCsvLine } from './csv-line.ts';
import type { DayRow } from './day-row.ts';

/** A line that cannot stay in the file; it goes to the quarantine file when the file is rewritten. */
export interface RejectedLine {
  readonly line: number;
  readonly text: string;
  readonly kind: FileIssueKind;
}

/** How a day file's header reads: absent, this store's full header, the replaced tool's four columns, another known-core header, or unusable. */
export type HeaderKind = 'none' | 'full' | 'legacy' | 'other' | 'bad';

/** Everything a day file says: its valid rows, the lines it cannot keep and the issues found. */
export interface ParsedDayFile {
  readonly headerKind: HeaderKind;
  readonly columns: readonly string[];
  /** Header columns that are not columns of the series; their values are kept on rewrite. */
  readonly unknownColumns: readonly string[];
  /** Valid rows with distinct slots, in file order (the first of duplicate slots wins). */
  readonly rows: readonly DayRow[];
  readonly rejected: readonly RejectedLine[];
  readonly issues: readonly LineIssue[];
  /** True when appending a `\n`-terminated row in this store's format keeps the file exactly in that format. */
  readonly appendable: boolean;
}

const BOM = '\uFEFF';

/**
 * Parses the text of a day file of `series` for the UTC day `dayKey`, whose full header is
 * `seriesColumns` (`seriesColumnsOf(symbol, series)`; a USDⓈ-M symbol's by default).
 * Only complete lines are rows: text after the last `\n` is a partial line (a crash or a write in
 * progress) and is reported and rejected, never read as a row.
 */
export function parseDayFile(
  text: string,
  series: Series,
  dayKey: string,
  seriesColumns: readonly string[] = SERIES_COLUMNS[series],
): ParsedDayFile {
  const issues: LineIssue[] = [];
  const rejected: RejectedLine[] = [];
  const hasBom = text.startsWith(BOM);
  const body = hasBom ? text.slice(1) : text;
  const lastNewline = body.lastIndexOf('\n');
  const tail = body.slice(lastNewline + 1);
  const lines = lastNewline === -1 ? [] : body.slice(0, lastNewline).split('\n');
  const tailLine = lines.length + 1;
  const rejectTail = (): void => {
    if (tail === '') return;
    issues.push({
      line: tailLine,
      kind: 'partial-line',
      message: 'last line has no line break (torn write)',
    });
    rejected.push({ line: tailLine, text: tail, kind: 'partial-line' });
  };

  const headerText = lines[0];
  if (headerText === undefined) {
    rejectTail();
    return {
      headerKind: 'none',
      columns: seriesColumns,
      unknownColumns: [],
      rows: [],
      rejected,
      issues,
      appendable: false,
    };
  }
  let crlf = headerText.endsWith('\r');
  const columns = splitCsvLine(crlf ? headerText.slice(0, -1) : headerText) ?? [];
  const coreOk = CORE_COLUMNS.every((name, index) => columns[index] === name);
  if (!coreOk || new Set(columns).size !== columns.length) {
    issues.push({
      line: 1,
      kind: 'bad-header',
      message: `header must start with ${CORE_COLUMNS.join(',')} and name each column once`,
    });
    return { headerKind: 'bad', columns, unknownColumns: [], rows: [], rejected, issues, appendable: false };
  }
  const unknownColumns = columns.filter((name) => !seriesColumns.includes(name));
  let headerKind: HeaderKind = 'other';
  if (
    columns.length === seriesColumns.length &&
    columns.every((name, index) => seriesColumns[index] === name)
  ) {
    headerKind = 'full';
  } else if (columns.length === CORE_COLUMNS.length) {
    headerKind = 'legacy';
  }
  if (unknownColumns.length > 0) {
    issues.push({
      line: 1,
      kind: 'unknown-header',
      message: `columns not in the ${series} format: ${unknownColumns.join(',')} (their values are kept)`,
    });
  }

  const slotMs = SERIES_SLOT_MS[series];
  const day = dayRange(dayKey);
  // Rendering each expected datetime_utc with luxon would be a third of the parse time of a large
  // file; rows are inside this day, so the string is the day key plus the time of day.
  const isoOfSlot = (ms: number): string => `${dayKey}T${formatTimeOfDay(ms - day.startMs)}Z`;
  const extraColumns = columns.slice(CORE_COLUMNS.length);
  const rows: DayRow[] = [];
  const seen = new Map<number, DayRow>();
  let lastSlotMs = -1;
  for (let index = 1; index < lines.length; index++) {
    const lineNumber = index + 1;
    let line = lines[index] as string;
    if (line.endsWith('\r')) {
      line = line.slice(0, -1);
      crlf = true;
    }
    const reject = (kind: FileIssueKind, message: string): void => {
      issues.push({ line: lineNumber, kind, message });
      rejected.push({ line: lineNumber, text: line, kind });
    };
    const fields = line === '' ? undefined : splitCsvLine(line);
    if (fields === undefined || fields.length !== columns.length) {
      reject('malformed-row', `expected ${columns.length} fields, found ${fields?.length ?? 0}`);
      continue;
    }
    const [timestamp, datetime, openInterest, openInterestValue] = fields as [string, string, string, string];
    if (!isIntegerString(timestamp)) {
      reject('bad-value', `timestamp ${JSON.stringify(timestamp)} is not integer epoch ms`);
      continue;
    }
    const rowSlotMs = Number(timestamp);
    if (rowSlotMs % slotMs !== 0) {
      reject('off-grid', `timestamp ${timestamp} is not a multiple of ${slotMs}`);
      continue;
    }
    if (rowSlotMs < day.startMs || rowSlotMs >= day.endMs) {
      reject('wrong-day', `timestamp ${timestamp} is not on ${dayKey}`);
      continue;
    }
    if (!isDecimalString(openInterest)) {
      reject('bad-value', `openInterest ${JSON.stringify(openInterest)} is not a decimal`);
      continue;
    }
    if (openInterestValue !== '' && !isDecimalString(openInterestValue)) {
      reject('bad-value', `sumOpenInterestValue ${JSON.stringify(openInterestValue)} is not a decimal`);
      continue;
    }
    const extra: Record<string, string> = {};
    let extraProblem: string | undefined;
    for (let column = 0; column < extraColumns.length; column++) {
      const name = extraColumns[column] as string;
      const value = fields[column + CORE_COLUMNS.length] as string;
      if (seriesColumns.includes(name)) extraProblem ??= checkExtraValue(name, value);
      extra[name] = value;
    }
    if (extraProblem !== undefined) {
      reject('bad-value', extraProblem);
      continue;
    }
    const row: DayRow = { slotMs: rowSlotMs, openInterest, openInterestValue, extra };
    const earlier = seen.get(rowSlotMs);
    if (earlier !== undefined) {
      const same =
        sameDecimal(earlier.openInterest, openInterest) &&
        sameDecimal(earlier.openInterestValue, openInterestValue);
      reject(
        'duplicate-slot',
        `slot ${timestamp} appears again${same ? '' : ' with different values'}; the first row is kept`,
      );
      continue;
    }
    if (datetime !== isoOfSlot(rowSlotMs) && datetime !== formatLegacyDatetimeUtc(rowSlotMs)) {
      issues.push({
        line: lineNumber,
        kind: 'datetime-mismatch',
        message: `datetime_utc ${JSON.stringify(datetime)} does not match timestamp ${timestamp}`,
      });
    }
    if (rowSlotMs < lastSlotMs) {
      issues.push({
        line: lineNumber,
        kind: 'unsorted',
        message: `timestamp ${timestamp} is before the row above`,
      });
    }
    lastSlotMs = Math.max(lastSlotMs, rowSlotMs);
    seen.set(rowSlotMs, row);
    rows.push(row);
  }
  rejectTail();
  return {
    headerKind,
    columns,
    unknownColumns,
    rows,
    rejected,
    issues,
    appendable: headerKind === 'full' && issues.length === 0 && !crlf && !hasBom,
  };
}

function formatTimeOfDay(offsetMs: number): string {
  const hours = Math.floor(offsetMs / 3_600_000);
  const minutes = Math.floor(offsetMs / 60_000) % 60;
  const seconds = Math.floor(offsetMs / 1000) % 60;
  const millis = offsetMs % 1000;
  const two = (value: number): string => (value < 10 ? `0${value}` : String(value));
  return `${two(hours)}:${two(minutes)}:${two(seconds)}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}`;
}
