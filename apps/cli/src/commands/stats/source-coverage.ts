import { readDayLines, SERIES_SLOT_MS, type SymbolSeriesStats } from '@oi/storage';

/**
 * Rows of one symbol's series that came from one source: `live` (every 1m row: the live endpoint
 * only ever gives "now"), and for 5m the row's `source` column, `api` or `archive`, or `unknown`
 * for rows written without one (the replaced tool's files).
 */
export interface SourceCoverage {
  readonly symbol: string;
  readonly series: '1m' | '5m';
  readonly source: string;
  readonly rows: number;
  /** The slots from the series' first to its last stored slot. */
  readonly spanSlots: number;
  /** 100 x rows / spanSlots. */
  readonly coveragePercent: number;
}

const COMMA = 0x2c;
const NEWLINE = 0x0a;

/** The slots from the first to the last stored slot of an entry (what its coverage is out of). */
function spanSlots(entry: SymbolSeriesStats): number {
  if (entry.firstSlotMs === null || entry.lastSlotMs === null) return 0;
  return (entry.lastSlotMs - entry.firstSlotMs) / SERIES_SLOT_MS[entry.series] + 1;
}

/**
 * Counts a symbol's 5m rows by their `source` column (where that is depends on the market: COIN-M
 * files carry their unit columns after it), reading each day file once.
 */
async function countFiveMinuteSources(dataDir: string, symbol: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const day of readDayLines({ dataDir, symbols: [symbol], series: '5m' })) {
    const field = day.columns.indexOf('source');
    for (let row = 0; row < day.rows; row++) {
      let end = day.lineStarts[row + 1]!;
      if (day.bytes[end - 1] === NEWLINE) end -= 1;
      let start = day.lineStarts[row]!;
      for (let skipped = 0; skipped < field && start < end; start++) {
        if (day.bytes[start] === COMMA) skipped += 1;
      }
      let stop = start;
      while (stop < end && day.bytes[stop] !== COMMA) stop += 1;
      // Sources are short ASCII words; no decoder needed. A file of the replaced tool has no column.
      const source =
        field < 0 || start >= stop ? 'unknown' : String.fromCharCode(...day.bytes.subarray(start, stop));
      counts.set(source, (counts.get(source) ?? 0) + 1);
    }
  }
  return counts;
}

/** Coverage by source of every entry of `oi stats`: 1m rows as `live`, 5m rows by their `source` column. */
export async function collectSourceCoverage(
  dataDir: string,
  entries: readonly SymbolSeriesStats[],
): Promise<SourceCoverage[]> {
  const coverage: SourceCoverage[] = [];
  for (const entry of entries) {
    const span = spanSlots(entry);
    const percentOf = (rows: number) => (span === 0 ? 0 : (100 * rows) / span);
    if (entry.series === '1m') {
      coverage.push({
        symbol: entry.symbol,
        series: '1m',
        source: 'live',
        rows: entry.rows,
        spanSlots: span,
        coveragePercent: percentOf(entry.rows),
      });
      continue;
    }
    const counts = await countFiveMinuteSources(dataDir, entry.symbol);
    const ordered = [...counts].sort(([a], [b]) => sourceRank(a) - sourceRank(b) || a.localeCompare(b));
    for (const [source, rows] of ordered) {
      coverage.push({
        symbol: entry.symbol,
        series: '5m',
        source,
        rows,
        spanSlots: span,
        coveragePercent: percentOf(rows),
      });
    }
  }
  return coverage;
}

const SOURCE_ORDER = ['archive', 'api', 'live'];
const sourceRank = (source: string): number => {
  const rank = SOURCE_ORDER.indexOf(source);
  return rank < 0 ? SOURCE_ORDER.length : rank;
};

/**
 * The "by source" cell of a stats row, e.g. `archive 96.88%, api 2.22%` or `live 100.00%`: each
 * source's rows over the span of that symbol's series, or with no entry, over every span (the total).
 */
export function formatSourceShares(
  coverage: readonly SourceCoverage[],
  entry?: Pick<SymbolSeriesStats, 'symbol' | 'series'>,
): string {
  const chosen =
    entry === undefined
      ? coverage
      : coverage.filter((c) => c.symbol === entry.symbol && c.series === entry.series);
  if (entry !== undefined) {
    return chosen.map((c) => `${c.source} ${c.coveragePercent.toFixed(2)}%`).join(', ');
  }
  // The total: rows of each source over the sum of the spans, as the total coverage is computed.
  const spans = new Map<string, number>();
  const rows = new Map<string, number>();
  for (const c of chosen) {
    spans.set(`${c.symbol} ${c.series}`, c.spanSlots);
    rows.set(c.source, (rows.get(c.source) ?? 0) + c.rows);
  }
  const span = [...spans.values()].reduce((sum, value) => sum + value, 0);
  const ordered = [...rows].sort(([a], [b]) => sourceRank(a) - sourceRank(b) || a.localeCompare(b));
  return ordered
    .map(([source, count]) => `${source} ${(span === 0 ? 0 : (100 * count) / span).toFixed(2)}%`)
    .join(', ');
}
