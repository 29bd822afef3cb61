import type { ArchiveClient } from '@oi/archive';
import type { Series, TimeRange } from '@oi/storage';

// The engine depends on these narrow shapes rather than on whole packages, so each effect it needs is
// visible in one place; `@oi/client`'s client and `@oi/storage`'s store satisfy them as they are.

/** Per-request options the engine passes: live ticks go before history in the client's budgets. */
export interface RequestOptions {
  /** Which queue of the shared rate budgets the request waits in. */
  readonly priority?: 'live' | 'history';
  /** Abandons the request (stop signal, or the end of a tick's minute). */
  readonly signal?: AbortSignal;
}

/** One 5m history row as the client parses it. */
export interface HistoryRow {
  /** The slot, epoch ms. */
  readonly timestampMs: number;
  /** Open interest in base units, exact string. */
  readonly sumOpenInterest: string;
  /** Open interest value in the quote asset, exact string. */
  readonly sumOpenInterestValue: string;
  /** CMC circulating supply, when sent. */
  readonly cmcCirculatingSupply?: string;
}

/** One step of history paging. */
export type HistoryPageResult =
  | { readonly kind: 'rows'; readonly range: TimeRange; readonly rows: readonly HistoryRow[] }
  | { readonly kind: 'beyond-retention'; readonly range: TimeRange }
  | { readonly kind: 'before-listing'; readonly range: TimeRange };

/**
 * The Binance client calls the collector engine makes. `exchangeInfo` is left out on purpose: the
 * command fetches the listings once and hands them to every runner (`listingsFrom`).
 */
export interface CollectorClient {
  /** The shared rate budgets; the weight used in the current minute goes into the batch summary. */
  readonly budgets?: { snapshot(): { readonly weight: { readonly used: number } } };
  /**
   * The exchange's clock, with the round trip timed from the moment the request left (after any wait
   * for the budget) and the offset it gives.
   */
  measureServerTime(
    options?: RequestOptions,
  ): Promise<{ readonly serverTimeMs: number; readonly rttMs: number; readonly offsetMs: number }>;
  /** Every symbol's mark price in one request. */
  markPrices(
    options?: RequestOptions,
  ): Promise<readonly { readonly symbol: string; readonly markPrice: string; readonly timeMs: number }[]>;
  /** A symbol's open interest now, with the exchange's own time. */
  openInterest(
    symbol: string,
    options?: RequestOptions,
  ): Promise<{ readonly symbol: string; readonly openInterest: string; readonly timeMs: number }>;
  /** 5m history of `[startMs, endMs)` in pages of at most 500 slots. */
  openInterestHistoryPages(
    query: {
      readonly symbol: string;
      readonly period: '5m';
      readonly startMs: number;
      readonly endMs: number;
      readonly listedAtMs?: number;
    },
    options?: RequestOptions,
  ): AsyncIterable<HistoryPageResult>;
}

/** A stored point; decimals are exact strings, unknown values are `''`. */
export interface StorePoint {
  /** The slot, epoch ms. */
  readonly slotMs: number;
  /** Open interest in base units. */
  readonly openInterest: string;
  /** Open interest value in quote units, or `''`. */
  readonly openInterestValue: string;
  /** The series' extra columns. */
  readonly extra: Readonly<Record<string, string>>;
}

/** Values of a stored or incoming point, as a merge reports them. */
export interface MergedPoint {
  /** Open interest. */
  readonly openInterest: string;
  /** Open interest value, or `''`. */
  readonly openInterestValue: string;
  /** The series' extra columns (`source` among them). */
  readonly extra?: Readonly<Record<string, string>>;
}

/** What a merge reports back: new slots, and slots whose stored value differs (kept, never overwritten). */
export interface MergeOutcome {
  /** Slots that were not stored before. */
  readonly inserted: number;
  /** Slots stored with another value; the stored one stays. */
  readonly conflicts: readonly {
    readonly slotMs: number;
    readonly stored: MergedPoint;
    readonly incoming: MergedPoint;
  }[];
}

/** The store calls the engine makes (the writer-locked store of `@oi/storage`). */
export interface CollectorStore {
  /** Upserts points of a series by slot; a stored value is never replaced. */
  merge(symbol: string, series: Series, points: readonly StorePoint[]): Promise<MergeOutcome>;
  /** Appends the newest 1m point. */
  appendLive(symbol: string, point: StorePoint): Promise<unknown>;
}

/** Reads which slots are stored, as merged half-open ranges (storage `coverage`). */
export type CoverageReader = (
  dataDir: string,
  symbol: string,
  series: Series,
  range: TimeRange,
) => Promise<readonly TimeRange[]>;

/**
 * The public archive calls the engine makes: one symbol-day's file, verified and read, or why there
 * is none (`@oi/archive`'s client satisfies it). Its downloads draw on no API budget.
 */
export type ArchiveReader = Pick<ArchiveClient, 'fetchDay'>;
