import { isCoinMSymbol, SERIES_SLOT_MS, type Series, type TimeRange } from '@oi/storage';
import { type BucketGrid, bucketWidthMs } from './downsample-min-max.ts';
import { readSeriesDays, type SymbolSeriesDay } from './read-series-days.ts';
import type { ContractUnits } from './report-model.ts';
import { type AccumulatedSeries, SeriesAccumulator } from './series-accumulator.ts';

/** What {@link readSymbolSeries} reads: the part of the report's options a reader needs. */
export interface SymbolSeriesOptions {
  /** The data directory. */
  readonly dataDir: string;
  /** The series, in report order. */
  readonly seriesList: readonly Series[];
  /** The report's range. */
  readonly range: TimeRange;
  /** Buckets per chart line. */
  readonly chartBuckets: number;
}

/** One symbol's series, each folded into its figures and chart lines. */
export interface SymbolSeries {
  /** The symbol. */
  readonly symbol: string;
  /** Per series of the report, in its order. */
  readonly series: readonly (readonly [Series, AccumulatedSeries])[];
  /** A COIN-M contract's units, as its files state them in the range; null for a USDⓈ-M symbol. */
  readonly units: ContractUnits | null;
}

/** The chart grid of `series` over the report's range. */
export function chartGridOf(options: SymbolSeriesOptions, series: Series): BucketGrid {
  const slotMs = SERIES_SLOT_MS[series];
  return {
    range: options.range,
    slotMs,
    bucketMs: bucketWidthMs(options.range, slotMs, options.chartBuckets),
  };
}

/**
 * Every symbol's rows folded into its figures and chart lines, symbol by symbol in the order given:
 * one pass of the reader over all the symbols per series, the series read side by side, so each
 * symbol is finished (and handed out) before the next one starts.
 */
export async function* readSymbolSeries(
  options: SymbolSeriesOptions,
  symbols: readonly string[],
  signal?: AbortSignal,
): AsyncGenerator<SymbolSeries> {
  const streams = options.seriesList.map((series) => ({
    series,
    grid: chartGridOf(options, series),
    days: readSeriesDays({
      dataDir: options.dataDir,
      symbols,
      series,
      range: options.range,
      ...(signal === undefined ? {} : { signal }),
    }),
  }));
  // The day each stream has handed out but not yet used: the first of the next symbol that has rows.
  const waiting: (IteratorResult<SymbolSeriesDay> | undefined)[] = streams.map(() => undefined);
  try {
    for (const symbol of symbols) {
      signal?.throwIfAborted();
      const series: [Series, AccumulatedSeries][] = [];
      const contractSizes = new Set<string>();
      const valueAssets = new Set<string>();
      for (const [index, stream] of streams.entries()) {
        const accumulator = new SeriesAccumulator(stream.grid);
        let next = waiting[index] ?? (await stream.days.next());
        while (next.done !== true && next.value.symbol === symbol) {
          accumulator.addDay(next.value);
          const units = next.value.units();
          if (units?.contractSize) contractSizes.add(units.contractSize);
          if (units?.valueAsset) valueAssets.add(units.valueAsset);
          next = await stream.days.next();
        }
        waiting[index] = next;
        series.push([stream.series, accumulator.result()]);
      }
      // The market is the symbol's, as storage decides its files' columns by the name alone.
      const units = isCoinMSymbol(symbol)
        ? { contractSizes: [...contractSizes].sort(), valueAssets: [...valueAssets].sort() }
        : null;
      yield { symbol, series, units };
    }
  } finally {
    await Promise.all(streams.map((stream) => stream.days.return(undefined)));
  }
}
