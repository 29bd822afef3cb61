import type { Clock } from '@oi/retry';
import type { BatchSummaryLog } from '../journal/batch-summary.ts';
import type { CollectorEventHandler } from './collector-event.ts';
import type { CollectorClient, CollectorStore, CoverageReader } from './ports.ts';

/**
 * What every runner of the engine takes (`runBackfill`, `runLiveTicks`, the history patrol and
 * `runCollector`). `Client` and `Store` narrow the client and the store to the calls a runner makes.
 */
export interface EngineOptions<Client = CollectorClient, Store = CollectorStore> {
  /** The Binance client; its shared rate budgets let live requests go before history. */
  readonly client: Client;
  /** The writer-locked store. */
  readonly store: Store;
  /** The data directory the store writes to; coverage is read from it. */
  readonly dataDir: string;
  /** The symbols to work on, in order; a symbol given twice counts once. */
  readonly symbols: readonly string[];
  /** Local time and sleep; the engine holds it around its own work (writes, planning, journal). */
  readonly clock: Clock;
  /** Stops the run: requests in flight are abandoned, what was written stays written. */
  readonly signal: AbortSignal;
  /**
   * Gets one row per live tick and per backfill (each patrol round is one).
   * @default none; the collector writes the data directory's batch summary
   */
  readonly batchSummary?: BatchSummaryLog;
  /** Receives the run's events. */
  readonly onEvent?: CollectorEventHandler;
  /** Reads stored coverage. @default `coverage` of `@oi/storage` */
  readonly coverage?: CoverageReader;
}
