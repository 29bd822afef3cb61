import Papa from 'papaparse';

/** The header every daily metrics CSV starts with, column for column. */
export const METRICS_HEADER: readonly string[] = Object.freeze([
  'create_time',
  'symbol',
  'sum_open_interest',
  'sum_open_interest_value',
  'count_toptrader_long_short_ratio',
  'sum_toptrader_long_short_ratio',
  'count_long_short_ratio',
  'sum_taker_long_short_vol_ratio',
]);

/** The columns of one CSV row that the archive client uses, as text exactly as in the file. */
export interface MetricsRow {
  /** `create_time`, e.g. `2024-01-15 00:05:00` (UTC). */
  readonly label: string;
  /** `symbol`. */
  readonly symbol: string;
  /** `sum_open_interest`: base units (COIN-M: contracts). */
  readonly openInterest: string;
  /** `sum_open_interest_value`: quote units (COIN-M: base coin). */
  readonly openInterestValue: string;
}

/** The rows of a metrics CSV, or why the file is not one. */
export type MetricsCsvResult =
  | { readonly kind: 'rows'; readonly rows: readonly MetricsRow[] }
  | { readonly kind: 'invalid'; readonly reason: 'bad-header' | 'bad-row'; readonly detail: string };

/**
 * Parses a daily metrics CSV. The header must equal {@link METRICS_HEADER} exactly (a renamed or
 * reordered column would put another quantity under our names), and every row must have as many
 * fields. Empty lines are skipped; nothing else is repaired.
 */
export function parseMetricsCsv(text: string): MetricsCsvResult {
  // Binance writes plain lines: no quotes, `\n` endings. Those are cut here without a row array per
  // line; anything else (quotes, `\r`) goes through papaparse, which gives the same rows for plain text.
  if (!text.includes('"') && !text.includes('\r')) return parsePlainCsv(text);
  const parsed = Papa.parse<string[]>(text, { header: false, delimiter: ',', skipEmptyLines: true });
  const [header, ...records] = parsed.data;
  if (header === undefined) return { kind: 'invalid', reason: 'bad-header', detail: 'the file is empty' };
  if (!sameColumns(header)) {
    return {
      kind: 'invalid',
      reason: 'bad-header',
      detail: `unexpected header ${JSON.stringify(header.join(','))}`,
    };
  }
  const quoteError = parsed.errors.find((error) => error.type === 'Quotes');
  if (quoteError !== undefined) {
    return { kind: 'invalid', reason: 'bad-row', detail: `${quoteError.message} (row ${quoteError.row})` };
  }
  const rows: MetricsRow[] = [];
  for (const [index, record] of records.entries()) {
    if (record.length !== METRICS_HEADER.length) {
      return {
        kind: 'invalid',
        reason: 'bad-row',
        detail: `row ${index + 1} has ${record.length} fields, expected ${METRICS_HEADER.length}`,
      };
    }
    rows.push({
      label: record[0]!,
      symbol: record[1]!,
      openInterest: record[2]!,
      openInterestValue: record[3]!,
    });
  }
  return { kind: 'rows', rows };
}

function sameColumns(header: readonly string[]): boolean {
  return (
    header.length === METRICS_HEADER.length && header.every((name, index) => name === METRICS_HEADER[index])
  );
}

const FIELD_COUNT = METRICS_HEADER.length;
const HEADER_LINE = METRICS_HEADER.join(',');

// The plain-text path of parseMetricsCsv: lines cut at `\n`, empty ones skipped, fields at `,`.
function parsePlainCsv(text: string): MetricsCsvResult {
  const rows: MetricsRow[] = [];
  let header: string | undefined;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end > start) {
      if (header === undefined) {
        header = text.slice(start, end);
        if (header !== HEADER_LINE) {
          return {
            kind: 'invalid',
            reason: 'bad-header',
            detail: `unexpected header ${JSON.stringify(header)}`,
          };
        }
      } else {
        const row = cutRow(text, start, end);
        if (typeof row === 'number') {
          return {
            kind: 'invalid',
            reason: 'bad-row',
            detail: `row ${rows.length + 1} has ${row} fields, expected ${FIELD_COUNT}`,
          };
        }
        rows.push(row);
      }
    }
    start = end + 1;
  }
  if (header === undefined) return { kind: 'invalid', reason: 'bad-header', detail: 'the file is empty' };
  return { kind: 'rows', rows };
}

// The row of line `text[start, end)`, or its field count when that is not FIELD_COUNT.
function cutRow(text: string, start: number, end: number): MetricsRow | number {
  const cuts: number[] = [];
  for (let at = text.indexOf(',', start); at !== -1 && at < end; at = text.indexOf(',', at + 1)) {
    cuts.push(at);
  }
  if (cuts.length !== FIELD_COUNT - 1) return cuts.length + 1;
  return {
    label: text.slice(start, cuts[0]),
    symbol: text.slice(cuts[0]! + 1, cuts[1]),
    openInterest: text.slice(cuts[1]! + 1, cuts[2]),
    openInterestValue: text.slice(cuts[2]! + 1, cuts[3]),
  };
}
