import type { ContractRoles } from '../market/contract-roles.ts';
import type { MarketSeries } from '../market/market-series.ts';
import type { FuturesMarket, SimSymbol } from '../market/universe.ts';
import type { SimLimits } from './rate-limits.ts';

/** Every contract one market ever has (listed now or not), and the same by name. */
export interface MarketSymbols {
  readonly universe: readonly SimSymbol[];
  readonly bySymbol: ReadonlyMap<string, SimSymbol>;
}

/** What an endpoint needs to answer: both markets, their series, the settings and the server time. */
export interface MarketContext {
  readonly markets: Readonly<Record<FuturesMarket, MarketSymbols>>;
  /** Which COIN-M contract holds which role of a pair at an instant. */
  readonly roles: ContractRoles;
  readonly series: MarketSeries;
  readonly limits: Readonly<SimLimits>;
  readonly retentionMs: number;
  readonly historyPublishDelayMs: number;
  /** Server time of the request being answered. */
  readonly nowMs: number;
}
