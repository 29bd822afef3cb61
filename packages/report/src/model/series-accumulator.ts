import { DAY_MS, dayKeyOf } from '@oi/storage';
import { type BucketGrid, bucketIndex, downsampleMinMax } from './downsample-min-max.ts';
import { parseDecimal } from './parse-decimal.ts';
import type { SampledLine, SourceRun, SourceTally, ValueStats } from './report-model.ts';

/** One stored row as the report reads it. */
export interface SeriesRow {
  /** The slot, epoch ms. */
  readonly slotMs: number;
  /** Open interest, the stored decimal. */
  readonly openInterest: string;
  /** Open interest value, the stored decimal or '' when unknown. */
  readonly openInterestValue: string;
  /** Where the row came from (`api`, `archive`, `live`, or `unknown`). */
  readonly source: string;
}

/** What one pass over a series' rows yields. */
export interface AccumulatedSeries {
  /** Rows read. */
  readonly rows: number;
  /** First slot, epoch ms; null without rows. */
  readonly firstSlotMs: number | null;
  /** Last slot, epoch ms; null without rows. */
  readonly lastSlotMs: number | null;
  /** Rows per source, most rows first. */
  readonly sources: readonly SourceTally[];
  /** Rows of each UTC day that has rows, by day key. */
  readonly dayRows: ReadonlyMap<string, number>;
  /** Sources of each UTC day that has rows, by day key, sorted. */
  readonly daySources: ReadonlyMap<string, readonly string[]>;
  /** Open interest extremes and last value. */
  readonly openInterest: ValueStats | null;
  /** Open interest value extremes and last value. */
  readonly openInterestValue: ValueStats | null;
  /** Open interest, downsampled with its gaps. */
  readonly openInterestLine: SampledLine;
  /** Open interest value, downsampled with its gaps. */
  readonly openInterestValueLine: SampledLine;
  /** Where the rows came from, at the grid's resolution. */
  readonly sourceRuns: readonly SourceRun[];
}

/** The name a bucket with rows of several sources gets. */
export const MIXED_SOURCE = 'mixed';

/** Lowest, highest and last value of one decimal column, kept as the stored strings. */
class ValueTracker {
  // Plain fields rather than an object per row: a report of 500 symbols adds millions of rows.
  private minValue = '';
  private minSlotMs = 0;
  private minNumber = Number.POSITIVE_INFINITY;
  private maxValue = '';
  private maxSlotMs = 0;
  private maxNumber = Number.NEGATIVE_INFINITY;
  private lastValue = '';
  private lastSlotMs = 0;
  readonly slots: number[] = [];
  readonly values: number[] = [];

  add(slotMs: number, value: string): void {
    // An empty value is unknown, not 0: parseDecimal reads it as NaN.
    const number = parseDecimal(value);
    if (!Number.isFinite(number)) return;
    if (number < this.minNumber) {
      this.minValue = value;
      this.minSlotMs = slotMs;
      this.minNumber = number;
    }
    if (number > this.maxNumber) {
      this.maxValue = value;
      this.maxSlotMs = slotMs;
      this.maxNumber = number;
    }
    this.lastValue = value;
    this.lastSlotMs = slotMs;
    this.slots.push(slotMs);
    this.values.push(number);
  }

  stats(): ValueStats | null {
    if (this.slots.length === 0) return null;
    return {
      min: { value: this.minValue, slotMs: this.minSlotMs },
      max: { value: this.maxValue, slotMs: this.maxSlotMs },
      last: { value: this.lastValue, slotMs: this.lastSlotMs },
    };
  }
}

/**
 * Folds a series' rows, in slot order, into the exact figures of the summary and the downsampled
 * chart, in one pass and without keeping the rows. A row whose slot is not after the previous one
 * is ignored, so a reader's duplicates cannot double-count.
 */
export class SeriesAccumulator {
  private rows = 0;
  private firstSlotMs: number | null = null;
  private lastSlotMs: number | null = null;
  private readonly sourceRows = new Map<string, number>();
  // Rows come in slot order and long runs share a source, so the source tally, the day's sources and
  // the bucket's source are touched only when the source, the day or the bucket changes.
  private runSource: string | undefined;
  private runRows = 0;
  private readonly days = new Map<number, { rows: number; sources: Set<string> }>();
  private dayIndex = -1;
  private day: { rows: number; sources: Set<string> } | undefined;
  private daySource: string | undefined;
  private readonly bucketSources = new Map<number, string>();
  private bucket = -1;
  private bucketSource: string | undefined;
  private readonly openInterest = new ValueTracker();
  private readonly openInterestValue = new ValueTracker();

  private readonly grid: BucketGrid;

  constructor(grid: BucketGrid) {
    this.grid = grid;
  }

  /** Adds the next row. */
  add(row: SeriesRow): void {
    if (this.lastSlotMs !== null && row.slotMs <= this.lastSlotMs) return;
    this.rows += 1;
    this.firstSlotMs ??= row.slotMs;
    this.lastSlotMs = row.slotMs;
    const source = row.source;
    if (source !== this.runSource) {
      this.countRun();
      this.runSource = source;
    }
    this.runRows += 1;
    const dayIndex = Math.floor(row.slotMs / DAY_MS);
    if (this.day === undefined || this.dayIndex !== dayIndex) {
      this.dayIndex = dayIndex;
      this.day = { rows: 0, sources: new Set() };
      this.days.set(dayIndex, this.day);
      this.daySource = undefined;
    }
    this.day.rows += 1;
    if (source !== this.daySource) {
      this.day.sources.add(source);
      this.daySource = source;
    }
    const bucket = bucketIndex(this.grid, row.slotMs);
    if (bucket !== this.bucket || source !== this.bucketSource) {
      const bucketSource = this.bucketSources.get(bucket);
      if (bucketSource === undefined) this.bucketSources.set(bucket, source);
      else if (bucketSource !== source && bucketSource !== MIXED_SOURCE) {
        this.bucketSources.set(bucket, MIXED_SOURCE);
      }
      this.bucket = bucket;
      this.bucketSource = source;
    }
    this.openInterest.add(row.slotMs, row.openInterest);
    this.openInterestValue.add(row.slotMs, row.openInterestValue);
  }

  /** Adds the rows of the current source run to its source's tally. */
  private countRun(): void {
    if (this.runSource === undefined || this.runRows === 0) return;
    this.sourceRows.set(this.runSource, (this.sourceRows.get(this.runSource) ?? 0) + this.runRows);
    this.runRows = 0;
  }

  /** The figures of every row added so far. */
  result(): AccumulatedSeries {
    this.countRun();
    return {
      rows: this.rows,
      firstSlotMs: this.firstSlotMs,
      lastSlotMs: this.lastSlotMs,
      sources: [...this.sourceRows]
        .map(([source, rows]) => ({ source, rows }))
        .sort((a, b) => b.rows - a.rows || a.source.localeCompare(b.source)),
      dayRows: new Map([...this.days].map(([dayIndex, day]) => [dayKeyOf(dayIndex * DAY_MS), day.rows])),
      daySources: new Map(
        [...this.days].map(([dayIndex, day]) => [dayKeyOf(dayIndex * DAY_MS), [...day.sources].sort()]),
      ),
      openInterest: this.openInterest.stats(),
      openInterestValue: this.openInterestValue.stats(),
      openInterestLine: downsampleMinMax(this.openInterest.slots, this.openInterest.values, this.grid),
      openInterestValueLine: downsampleMinMax(
        this.openInterestValue.slots,
        this.openInterestValue.values,
        this.grid,
      ),
      sourceRuns: this.sourceRuns(),
    };
  }

  /** Runs of adjacent buckets of one source, clipped to the range. */
  private sourceRuns(): SourceRun[] {
    const runs: SourceRun[] = [];
    const { range, bucketMs } = this.grid;
    let open: { startBucket: number; endBucket: number; source: string } | undefined;
    const close = (): void => {
      if (open === undefined) return;
      runs.push({
        startMs: Math.max(range.startMs, range.startMs + open.startBucket * bucketMs),
        endMs: Math.min(range.endMs, range.startMs + (open.endBucket + 1) * bucketMs),
        source: open.source,
      });
    };
    for (const [bucket, source] of [...this.bucketSources].sort((a, b) => a[0] - b[0])) {
      if (open !== undefined && open.source === source && open.endBucket === bucket - 1) {
        open.endBucket = bucket;
        continue;
      }
      close();
      open = { startBucket: bucket, endBucket: bucket, source };
    }
    close();
    return runs;
  }
}
