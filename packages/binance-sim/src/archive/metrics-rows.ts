import {
  DAY_MS,
  formatCreateTime,
  type LabelConvention,
  SLOT_MS,
  snapshotRange,
} from './archive-calendar.ts';
import type { ArchiveValueSource } from './archive-values.ts';

/** The header of every daily metrics CSV (binance-api.md 4). */
export const METRICS_CSV_HEADER =
  'create_time,symbol,sum_open_interest,sum_open_interest_value,count_toptrader_long_short_ratio,sum_toptrader_long_short_ratio,count_long_short_ratio,sum_taker_long_short_vol_ratio';

/** One row of a metrics CSV as served; every text field exactly as written in the file. */
export interface ArchiveRow {
  /** `create_time`, `YYYY-MM-DD HH:MM:SS` UTC. */
  readonly createTime: string;
  /** `create_time` as epoch ms. */
  readonly labelMs: number;
  /** The instant whose snapshot the values were taken from (the API row with this timestamp). */
  readonly snapshotMs: number;
  readonly symbol: string;
  readonly sumOpenInterest: string;
  readonly sumOpenInterestValue: string;
  /** The four ratio columns in header order (COIN-M writes `""` for the account ratios). */
  readonly ratios: readonly [string, string, string, string];
  /** The defect that changed or added this row, when one did. */
  readonly defect?: string;
}

/** A row labelled `labelMs` carrying the snapshot at `snapshotMs`. */
export function buildRow(
  source: ArchiveValueSource,
  labelMs: number,
  snapshotMs: number,
  altered = false,
): ArchiveRow {
  const values = source.values(snapshotMs, altered);
  return {
    createTime: formatCreateTime(labelMs),
    labelMs,
    snapshotMs,
    symbol: source.symbol.symbol,
    sumOpenInterest: values.sumOpenInterest,
    sumOpenInterestValue: values.sumOpenInterestValue,
    ratios: source.ratios(snapshotMs),
  };
}

/** The label a convention gives the snapshot at `snapshotMs`. */
export function labelOfSnapshot(convention: LabelConvention, snapshotMs: number): number {
  return convention === 'end-of-period' ? snapshotMs : snapshotMs - SLOT_MS;
}

/**
 * The rows of a day's file before any defect: the snapshots `D 00:05` .. `D+1 00:00` the symbol
 * has (a listing or delisting day holds only part of them), labelled by the day's convention.
 */
export function buildCleanRows(
  source: ArchiveValueSource,
  dayStartMs: number,
  convention: LabelConvention,
): ArchiveRow[] {
  const range = snapshotRange(source.symbol);
  const rows: ArchiveRow[] = [];
  const firstMs = Math.max(dayStartMs + SLOT_MS, range.firstMs);
  const lastMs = Math.min(dayStartMs + DAY_MS, range.lastMs);
  for (let snapshotMs = firstMs; snapshotMs <= lastMs; snapshotMs += SLOT_MS) {
    rows.push(buildRow(source, labelOfSnapshot(convention, snapshotMs), snapshotMs));
  }
  return rows;
}

/** The CSV text of rows: the header, one line per row, `\n` line ends, a final newline. */
export function renderMetricsCsv(rows: readonly ArchiveRow[]): string {
  const lines = [METRICS_CSV_HEADER];
  for (const row of rows) {
    lines.push(
      `${row.createTime},${row.symbol},${row.sumOpenInterest},${row.sumOpenInterestValue},${row.ratios.join(',')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
