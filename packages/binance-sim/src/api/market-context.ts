import type { MarketSeries } from '../market/market-series.ts';
import type { SimSymbol } from '../market/universe.ts';
import type { SimLimits } from './rate-limits.ts';

/** What an endpoint needs to answer: the universe, its series, the settings and the server time. */
export interface MarketContext {
  readonly universe: readonly SimSymbol[];
  readonly bySymbol: ReadonlyMap<string, SimSymbol>;
  readonly series: MarketSeries;
  readonly limits: Readonly<SimLimits>;
  readonly retentionMs: number;
  readonly historyPublishDelayMs: number;
  /** Server time of the request being answered. */
  readonly nowMs: number;
}
