import type { Series, TimeRange } from '@oi/storage';
import type { GapReason } from './recovery-types.ts';

/** A stored decimal and the slot it belongs to, e.g. the highest open interest of a range. */
export interface SlotValue {
  /** The decimal exactly as stored. */
  readonly value: string;
  /** Its slot, epoch ms. */
  readonly slotMs: number;
}

/** Lowest, highest and last value of one column over a range; null when no row has one. */
export interface ValueStats {
  /** The lowest value (the first slot that holds it). */
  readonly min: SlotValue;
  /** The highest value (the first slot that holds it). */
  readonly max: SlotValue;
  /** The value of the last slot that has one. */
  readonly last: SlotValue;
}

/** Missing slots of one reason, summed over a range. */
export interface GapTally {
  /** Why the slots are missing (see `@oi/recovery`'s `GapReason`). */
  readonly reason: GapReason;
  /** What can still fill them: `'api'`, `'archive'` (or another source's name), or `'none'`. */
  readonly fillableBy: string;
  /** What the sources that cannot serve the slots said (recovery's `Gap.causes`), e.g. `archive file-missing`; '' when none did. */
  readonly detail: string;
  /** Merged runs of missing slots. */
  readonly gaps: number;
  /** Missing slots. */
  readonly slots: number;
}

/** Rows of one source (the 5m `source` column; `live` for the 1m series). */
export interface SourceTally {
  /** `api`, `archive`, `live`, or `unknown` for rows that do not say. */
  readonly source: string;
  /** Rows of that source. */
  readonly rows: number;
}

/** One cell of the coverage map: one symbol's series on one UTC day (the part inside the range). */
export interface DayCell {
  /** `YYYY-MM-DD`. */
  readonly dayKey: string;
  /** Slots expected that day (0 outside the listing or the range). */
  readonly expectedSlots: number;
  /** Of those, slots stored. */
  readonly presentSlots: number;
  /** Missing slots a source can still fill. */
  readonly fillableSlots: number;
  /** Missing slots nothing can fill any more. */
  readonly lostSlots: number;
  /** Missing slots by reason, largest first. */
  readonly gaps: readonly GapTally[];
  /** Sources of the rows stored that day, sorted. */
  readonly sources: readonly string[];
}

/**
 * A downsampled line: `ys[i]` at `xs[i]` (epoch ms); a NaN breaks the line at a missing slot (NaN
 * rather than null keeps the values plain doubles: a page of 500 symbols holds about a million).
 */
export interface SampledLine {
  /** Slot times, ascending. */
  readonly xs: readonly number[];
  /** Values; NaN marks the first missing slot between two drawn points. */
  readonly ys: readonly number[];
}

/** A run of time whose rows came from one source (`mixed` where a chart bucket holds several). */
export interface SourceRun {
  /** Start, epoch ms. */
  readonly startMs: number;
  /** End (exclusive), epoch ms. */
  readonly endMs: number;
  /** The source name. */
  readonly source: string;
}

/** A run of missing slots as a chart shades it. */
export interface ChartGap {
  /** The missing time (nearby gaps merged at the chart's resolution). */
  readonly range: TimeRange;
  /** True when nothing can fill any slot of it any more. */
  readonly lost: boolean;
}

/** What the chart of one symbol's series draws. */
export interface SeriesChart {
  /** Open interest, downsampled. */
  readonly openInterest: SampledLine;
  /** Open interest value, downsampled. */
  readonly openInterestValue: SampledLine;
  /** Where the rows came from. */
  readonly sources: readonly SourceRun[];
  /** Missing time. */
  readonly gaps: readonly ChartGap[];
}

/** The exact figures of one symbol's series over the report's range. */
export interface SeriesSummary {
  /** Rows stored in the range. */
  readonly rows: number;
  /** Slots expected in the range. */
  readonly expectedSlots: number;
  /** Stored over expected slots, in percent (100 when nothing is expected). */
  readonly coveragePercent: number;
  /** Missing slots a source can still fill. */
  readonly fillableSlots: number;
  /** Missing slots nothing can fill any more. */
  readonly lostSlots: number;
  /** Missing slots by reason. */
  readonly gaps: readonly GapTally[];
  /** First stored slot in the range, epoch ms; null without rows. */
  readonly firstSlotMs: number | null;
  /** Last stored slot in the range, epoch ms; null without rows. */
  readonly lastSlotMs: number | null;
  /** Rows per source, most rows first. */
  readonly sources: readonly SourceTally[];
  /** Open interest extremes and last value. */
  readonly openInterest: ValueStats | null;
  /** Open interest value extremes and last value. */
  readonly openInterestValue: ValueStats | null;
}

/**
 * The units of a COIN-M contract's numbers as its day files state them: open interest in contracts
 * of `contractSizes` USD, its value in `valueAssets` (the base coin). Never added to USDⓈ-M figures.
 */
export interface ContractUnits {
  /** USD per contract, each distinct value stored in the range, sorted (normally one: `100`). */
  readonly contractSizes: readonly string[];
  /** The coin the value is in (`BTC`), each distinct value stored in the range, sorted. */
  readonly valueAssets: readonly string[];
}

/** Everything the report shows about one symbol's series. */
export interface SeriesReport {
  /** The symbol. */
  readonly symbol: string;
  /** The series. */
  readonly series: Series;
  /** A COIN-M contract's units; null for a USDⓈ-M symbol (OI in the base asset, value in the quote asset). */
  readonly units: ContractUnits | null;
  /** Exact figures for the summary table and the chart's caption. */
  readonly summary: SeriesSummary;
  /** One cell per day of the report. */
  readonly days: readonly DayCell[];
  /** The downsampled chart. */
  readonly chart: SeriesChart;
}

/** The whole report, ready to render. */
export interface ReportModel {
  /** The page title. */
  readonly title: string;
  /** The data directory as the caller named it. */
  readonly dataDir: string;
  /** The reported period, [startMs, endMs). */
  readonly range: TimeRange;
  /** When the report was made, as the caller labels it. */
  readonly generatedAt: string;
  /** The series shown, 5m first. */
  readonly series: readonly Series[];
  /** The UTC days of the range, oldest first. */
  readonly dayKeys: readonly string[];
  /** The symbols, in report order. */
  readonly symbols: readonly string[];
  /** One entry per symbol and series, by symbol then series. */
  readonly reports: readonly SeriesReport[];
}
