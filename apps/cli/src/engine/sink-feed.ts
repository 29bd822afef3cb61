import type { Clock } from '@oi/retry';
import {
  maskSinkUrl,
  openSink,
  type Sink,
  type SinkConflict,
  SinkError,
  SinkUnavailableError,
  syncSink,
} from '@oi/sink';
import {
  ALL_SERIES,
  type MergeResult,
  type OiPoint,
  SERIES_SLOT_MS,
  type Series,
  type Store,
  type TimeRange,
} from '@oi/storage';
import type { Logger } from '../logging.ts';
import { type PendingGroup, PendingRanges, type SeriesLag } from './sink-pending.ts';

/** Slots to bring up to date in the sink when a command starts: what it covers. */
export interface SinkCatchUp {
  readonly series: Series;
  readonly symbols: readonly string[];
  readonly range: TimeRange;
}

/** Options of {@link openSinkFeed}. */
export interface SinkFeedOptions {
  /** The sink URL, credentials included; only its masked form is ever logged. */
  readonly url: string;
  readonly dataDir: string;
  /** Backoff waits and lag ages run on it (the engine's clock, virtual in tests). */
  readonly clock: Clock;
  readonly logger: Logger;
  /** Ranges the command covers, synced from the files first: rows an earlier run left behind. */
  readonly catchUp?: readonly SinkCatchUp[];
  /** Receives each series' lag after every write, failure and catch-up (the metrics' `setSinkLag`). */
  readonly onLag?: (series: Series, lag: SeriesLag) => void;
  /** First wait after a failure, doubled up to `maxRetryMs`. @default 1000 */
  readonly initialRetryMs?: number;
  /** @default 30 000 */
  readonly maxRetryMs?: number;
}

/** What a feed did, for a command's result: counts, conflicts and how far behind the sink is. */
export interface SinkFeedReport {
  /** The sink URL with its credentials masked. */
  readonly url: string;
  /** Every row this run wrote (and every caught-up range) is in the sink. */
  readonly upToDate: boolean;
  /** Rows read from the files and offered to the sink. */
  readonly rows: number;
  readonly inserted: number;
  readonly unchanged: number;
  readonly filled: number;
  /** Values the sink holds differently from the files (kept as stored, never overwritten). */
  readonly conflicts: number;
  /** The first conflicts, for the log and the result. */
  readonly conflictSamples: readonly SinkConflict[];
  readonly lag: Readonly<Record<Series, SeriesLag>>;
  /** Times the sink stopped answering. */
  readonly outages: number;
  /** The last failure's one line, while the sink is behind because of it. */
  readonly lastError: string | null;
}

/** Options of {@link SinkFeed.close}. */
export interface CloseSinkFeedOptions {
  /** Give up waiting for the sink after this many real ms (a stop by signal must end within 5 s). */
  readonly deadlineMs?: number;
}

const DEBOUNCE_MS = 25;
const MAX_CONFLICT_SAMPLES = 20;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Settles when `work` does, or after `deadlineMs` real ms; true when `work` finished in time. */
async function within(work: Promise<unknown>, deadlineMs: number | undefined): Promise<boolean> {
  const settled = work.then(
    () => true,
    () => true,
  );
  if (deadlineMs === undefined) return settled;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), deadlineMs);
  });
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Feeds a database sink from the day files while a command writes them. Rows reach the files
 * first: the store's acknowledged writes mark their slots pending, and a background loop syncs
 * the pending slots from the files with `syncSink`, whose idempotent writes make the result exactly
 * once. While the sink fails, file collection goes on, the failure is logged once at warn, the lag
 * grows, and attempts repeat with backoff on the clock; the first success catches up every pending
 * slot from the files. Conflicts are logged and counted, never overwritten.
 */
export class SinkFeed {
  readonly #options: SinkFeedOptions;
  readonly #url: string;
  readonly #pending = new PendingRanges();
  readonly #stop = new AbortController();
  #sink: Sink | undefined;
  #inFlight: readonly PendingGroup[] = [];
  #failingSince: number | undefined;
  #lastError: string | null = null;
  #retryMs: number;
  #wake: (() => void) | undefined;
  #debounce: NodeJS.Timeout | undefined;
  #loop: Promise<void> = Promise.resolve();
  readonly #totals = { rows: 0, inserted: 0, unchanged: 0, filled: 0, conflicts: 0, outages: 0 };
  readonly #conflictSamples: SinkConflict[] = [];

  /** Use {@link openSinkFeed}. */
  constructor(options: SinkFeedOptions, sink: Sink | undefined, openFailure: unknown) {
    this.#options = options;
    this.#url = maskSinkUrl(options.url);
    this.#sink = sink;
    this.#retryMs = options.initialRetryMs ?? 1000;
    const nowMs = options.clock.now();
    for (const { series, symbols, range } of options.catchUp ?? []) {
      for (const symbol of symbols) this.#pending.add(series, symbol, range, 0, nowMs);
    }
    if (sink === undefined) this.#fail(openFailure);
    this.#loop = this.#run();
  }

  /** The sink URL with its credentials masked. */
  get url(): string {
    return this.#url;
  }

  /** A store that marks the slots of every acknowledged write pending for the sink. */
  wrapStore(store: Store): Store {
    return {
      dataDir: store.dataDir,
      holder: store.holder,
      merge: async (symbol, series, points) => {
        const result = await store.merge(symbol, series, points);
        this.#written(symbol, series, points, result);
        return result;
      },
      appendLive: async (symbol, point) => {
        const result = await store.appendLive(symbol, point);
        this.#written(symbol, '1m', [point], result);
        return result;
      },
      close: () => store.close(),
    };
  }

  /** How far behind the sink is for a series now. */
  lag(series: Series): SeriesLag {
    return this.#pending.lag(series, this.#options.clock.now(), this.#inFlight);
  }

  /**
   * Stops the loop, makes one last attempt at whatever is pending, closes the sink and reports.
   * With `deadlineMs`, gives up waiting for the sink after that long (the report then shows the lag).
   */
  async close(options: CloseSinkFeedOptions = {}): Promise<SinkFeedReport> {
    const startedAt = Date.now();
    const remaining = (): number | undefined =>
      options.deadlineMs === undefined
        ? undefined
        : Math.max(0, options.deadlineMs - (Date.now() - startedAt));
    this.#stop.abort();
    clearTimeout(this.#debounce);
    this.#wake?.();
    if ((await within(this.#loop, remaining())) && !this.#pending.isEmpty()) {
      await within(this.#flush(), remaining());
    }
    const sink = this.#sink;
    if (sink !== undefined) await within(sink.close(), remaining());
    return this.#report();
  }

  #written(symbol: string, series: Series, points: readonly OiPoint[], result: MergeResult): void {
    const rows = result.inserted + result.filled;
    if (rows === 0 || points.length === 0) return;
    const slots = points.map((point) => point.slotMs);
    const range = { startMs: Math.min(...slots), endMs: Math.max(...slots) + SERIES_SLOT_MS[series] };
    this.#pending.add(series, symbol, range, rows, this.#options.clock.now());
    this.#reportLag();
    if (this.#debounce === undefined && this.#failingSince === undefined) {
      // A tick's symbols are acknowledged within milliseconds of each other: one sync takes them all.
      this.#debounce = setTimeout(() => {
        this.#debounce = undefined;
        this.#wake?.();
      }, DEBOUNCE_MS);
      this.#debounce.unref();
    }
  }

  async #run(): Promise<void> {
    const { signal } = this.#stop;
    while (!signal.aborted) {
      if (this.#failingSince !== undefined) {
        await this.#options.clock.sleep(this.#retryMs, signal).catch(() => undefined);
      } else if (this.#pending.isEmpty()) {
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
        this.#wake = undefined;
        continue;
      }
      if (signal.aborted) return;
      await this.#flush();
    }
  }

  /** Syncs every pending range from the files; on failure puts back what was not synced. */
  async #flush(): Promise<void> {
    const groups = this.#pending.take();
    if (groups.length === 0) return;
    let left = groups;
    this.#inFlight = left;
    try {
      const sink = await this.#connect();
      for (const group of groups) {
        const result = await syncSink({
          sink,
          dataDir: this.#options.dataDir,
          symbols: group.symbols,
          series: [group.series],
          range: group.range,
        });
        left = left.slice(1);
        this.#inFlight = left;
        this.#totals.rows += result.rows;
        this.#totals.inserted += result.inserted;
        this.#totals.unchanged += result.unchanged;
        this.#totals.filled += result.filled;
        this.#noteConflicts(result.conflicts);
      }
      this.#recovered();
    } catch (error) {
      this.#pending.restore(left);
      this.#fail(error);
    } finally {
      this.#inFlight = [];
      this.#reportLag();
    }
  }

  async #connect(): Promise<Sink> {
    if (this.#sink === undefined) this.#sink = await openSink(this.#options.url);
    return this.#sink;
  }

  #fail(error: unknown): void {
    // The sink's own errors name it (credentials masked); a failure to read the files does not.
    this.#lastError = error instanceof SinkError ? error.message : `sink ${this.#url}: ${messageOf(error)}`;
    if (this.#failingSince === undefined) {
      this.#failingSince = this.#options.clock.now();
      this.#totals.outages += 1;
      this.#options.logger.warn(
        `${this.#lastError}; collecting into the files goes on, and the sink is caught up from them once it answers`,
      );
    } else {
      this.#options.logger.debug(`still failing: ${this.#lastError}`);
      this.#retryMs = Math.min(this.#retryMs * 2, this.#options.maxRetryMs ?? 30_000);
    }
  }

  #recovered(): void {
    if (this.#failingSince !== undefined) {
      const seconds = Math.round((this.#options.clock.now() - this.#failingSince) / 1000);
      this.#options.logger.info(`sink ${this.#url} is back after ${seconds} s and caught up from the files`);
    }
    this.#failingSince = undefined;
    this.#lastError = null;
    this.#retryMs = this.#options.initialRetryMs ?? 1000;
  }

  #noteConflicts(conflicts: readonly SinkConflict[]): void {
    if (conflicts.length === 0) return;
    this.#totals.conflicts += conflicts.length;
    this.#conflictSamples.push(...conflicts.slice(0, MAX_CONFLICT_SAMPLES - this.#conflictSamples.length));
    const first = conflicts[0] as SinkConflict;
    this.#options.logger.warn(
      `sink ${this.#url}: ${conflicts.length} values differ from the files and were kept as stored, e.g. ${first.symbol} ${first.series} ${new Date(first.timestamp).toISOString()} ${first.column}: sink ${first.stored}, files ${first.incoming}`,
    );
  }

  #reportLag(): void {
    for (const series of ALL_SERIES) this.#options.onLag?.(series, this.lag(series));
  }

  #report(): SinkFeedReport {
    const lag = { '1m': this.lag('1m'), '5m': this.lag('5m') };
    return {
      url: this.#url,
      upToDate: this.#pending.isEmpty() && this.#inFlight.length === 0 && this.#failingSince === undefined,
      ...this.#totals,
      conflictSamples: [...this.#conflictSamples],
      lag,
      lastError: this.#lastError,
    };
  }
}

/**
 * Opens the sink and starts feeding it. A sink that does not answer yet is not an error: the feed
 * starts behind and keeps trying. Any other failure (tables of another shape, a refused statement)
 * is thrown, before anything is written.
 */
export async function openSinkFeed(options: SinkFeedOptions): Promise<SinkFeed> {
  try {
    return new SinkFeed(options, await openSink(options.url), undefined);
  } catch (error) {
    if (!(error instanceof SinkUnavailableError)) throw error;
    return new SinkFeed(options, undefined, error);
  }
}
