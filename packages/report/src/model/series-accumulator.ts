import { DAY_MS, dayKeyOf, type TimeRange } from '@oi/storage';
import { type BucketGrid, bucketIndex, MinMaxSampler } from './downsample-min-max.ts';
import type { SampledLine, SourceRun, SourceTally, ValueStats } from './report-model.ts';
import type { SeriesDay, ValueField } from './series-day.ts';

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
  /** The slots that hold a row, merged into runs `[firstSlot, lastSlot + slot)`, oldest first. */
  readonly storedRuns: readonly TimeRange[];
}

/** The name a bucket with rows of several sources gets. */
export const MIXED_SOURCE = 'mixed';

/**
 * Lowest, highest and last value of one decimal column, kept as the stored strings. Within a day
 * only the row is remembered; its text is read once, when the day ends, so a column that rises all
 * month makes one string a day rather than one a row.
 */
class ValueTracker {
  private minNumber = Number.POSITIVE_INFINITY;
  private minSlotMs = 0;
  private minValue = '';
  private minRow = -1;
  private maxNumber = Number.NEGATIVE_INFINITY;
  private maxSlotMs = 0;
  private maxValue = '';
  private maxRow = -1;
  private lastSlotMs = 0;
  private lastValue = '';
  private lastRow = -1;
  private count = 0;
  private readonly sampler: MinMaxSampler;
  private readonly field: ValueField;

  constructor(field: ValueField, grid: BucketGrid) {
    this.field = field;
    this.sampler = new MinMaxSampler(grid);
  }

  /** Adds row `row` of the current day; an unknown value (NaN) is left out, not read as 0. */
  add(slotMs: number, number: number, row: number): void {
    if (!Number.isFinite(number)) return;
    if (number < this.minNumber) {
      this.minNumber = number;
      this.minSlotMs = slotMs;
      this.minRow = row;
    }
    if (number > this.maxNumber) {
      this.maxNumber = number;
      this.maxSlotMs = slotMs;
      this.maxRow = row;
    }
    this.lastSlotMs = slotMs;
    this.lastRow = row;
    this.count += 1;
    this.sampler.add(slotMs, number);
  }

  /** Reads the texts of the rows of `day` that hold an extreme or the last value. */
  endDay(day: SeriesDay): void {
    if (this.minRow !== -1) this.minValue = day.text(this.field, this.minRow);
    if (this.maxRow !== -1) this.maxValue = day.text(this.field, this.maxRow);
    if (this.lastRow !== -1) this.lastValue = day.text(this.field, this.lastRow);
    this.minRow = -1;
    this.maxRow = -1;
    this.lastRow = -1;
  }

  /** The column's line for the chart. */
  line(): SampledLine {
    return this.sampler.line();
  }

  stats(): ValueStats | null {
    if (this.count === 0) return null;
    return {
      min: { value: this.minValue, slotMs: this.minSlotMs },
      max: { value: this.maxValue, slotMs: this.maxSlotMs },
      last: { value: this.lastValue, slotMs: this.lastSlotMs },
    };
  }
}

/**
 * Folds a series' rows, in slot order, into the exact figures of the summary and the downsampled
 * chart, in one pass and without keeping the rows (nor their values: the chart's lines are sampled
 * as the rows come). `result()` is called once, after the last row. A row whose slot is not after the previous one
 * is ignored, so a reader's duplicates cannot double-count.
 */
export class SeriesAccumulator {
  private rows = 0;
  private firstSlotMs: number | null = null;
  private lastSlotMs = Number.NEGATIVE_INFINITY;
  private readonly sourceRows = new Map<string, number>();
  // Rows come in slot order and long runs share a source, so the source tally, the day's sources and
  // the bucket's source are touched only when the source, the day or the bucket changes; a new day
  // or bucket is noticed by comparing the slot with where the current one ends.
  private runSource: string | undefined;
  private runRows = 0;
  private readonly days = new Map<number, { rows: number; sources: Set<string> }>();
  private dayEndMs = Number.NEGATIVE_INFINITY;
  private day: { rows: number; sources: Set<string> } | undefined;
  private daySource: string | undefined;
  private readonly bucketSources = new Map<number, string>();
  private bucket = -1;
  private bucketEndMs = Number.NEGATIVE_INFINITY;
  private bucketSource: string | undefined;
  private readonly openInterest: ValueTracker;
  private readonly openInterestValue: ValueTracker;
  private readonly storedRuns: { startMs: number; endMs: number }[] = [];
  private storedRun: { startMs: number; endMs: number } | undefined;
  private readonly grid: BucketGrid;

  constructor(grid: BucketGrid) {
    this.grid = grid;
    this.openInterest = new ValueTracker('openInterest', grid);
    this.openInterestValue = new ValueTracker('openInterestValue', grid);
  }

  /** Adds the rows of the next day (or any next stretch of rows, in slot order). */
  addDay(rows: SeriesDay): void {
    const { slotsMs, sources, openInterest, openInterestValue } = rows;
    for (let index = 0; index < rows.rows; index++) {
      const slotMs = slotsMs[index] as number;
      if (slotMs <= this.lastSlotMs) continue;
      this.rows += 1;
      this.firstSlotMs ??= slotMs;
      this.lastSlotMs = slotMs;
      const run = this.storedRun;
      if (run !== undefined && run.endMs === slotMs) run.endMs = slotMs + this.grid.slotMs;
      else {
        this.storedRun = { startMs: slotMs, endMs: slotMs + this.grid.slotMs };
        this.storedRuns.push(this.storedRun);
      }
      const source = sources[index] as string;
      if (source !== this.runSource) {
        this.countRun();
        this.runSource = source;
      }
      this.runRows += 1;
      if (this.day === undefined || slotMs >= this.dayEndMs) {
        const dayIndex = Math.floor(slotMs / DAY_MS);
        this.dayEndMs = (dayIndex + 1) * DAY_MS;
        this.day = { rows: 0, sources: new Set() };
        this.days.set(dayIndex, this.day);
        this.daySource = undefined;
      }
      this.day.rows += 1;
      if (source !== this.daySource) {
        this.day.sources.add(source);
        this.daySource = source;
      }
      if (slotMs >= this.bucketEndMs) {
        this.bucket = bucketIndex(this.grid, slotMs);
        this.bucketEndMs = this.grid.range.startMs + (this.bucket + 1) * this.grid.bucketMs;
        this.bucketSource = undefined;
      }
      if (source !== this.bucketSource) {
        const bucketSource = this.bucketSources.get(this.bucket);
        if (bucketSource === undefined) this.bucketSources.set(this.bucket, source);
        else if (bucketSource !== source && bucketSource !== MIXED_SOURCE) {
          this.bucketSources.set(this.bucket, MIXED_SOURCE);
        }
        this.bucketSource = source;
      }
      this.openInterest.add(slotMs, openInterest[index] as number, index);
      this.openInterestValue.add(slotMs, openInterestValue[index] as number, index);
    }
    this.openInterest.endDay(rows);
    this.openInterestValue.endDay(rows);
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
      lastSlotMs: this.firstSlotMs === null ? null : this.lastSlotMs,
      sources: [...this.sourceRows]
        .map(([source, rows]) => ({ source, rows }))
        .sort((a, b) => b.rows - a.rows || a.source.localeCompare(b.source)),
      dayRows: new Map([...this.days].map(([dayIndex, day]) => [dayKeyOf(dayIndex * DAY_MS), day.rows])),
      daySources: new Map(
        [...this.days].map(([dayIndex, day]) => [dayKeyOf(dayIndex * DAY_MS), [...day.sources].sort()]),
      ),
      openInterest: this.openInterest.stats(),
      openInterestValue: this.openInterestValue.stats(),
      openInterestLine: this.openInterest.line(),
      openInterestValueLine: this.openInterestValue.line(),
      sourceRuns: this.sourceRuns(),
      storedRuns: this.storedRuns,
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
