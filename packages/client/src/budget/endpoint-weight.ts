/** Which IP budget a request draws from: request weight per minute, or `/futures/data` requests per 5 min. */
export type BudgetName = 'weight' | 'history';

/** What one request costs. */
export interface RequestCost {
  /** The budget it draws from. */
  readonly budget: BudgetName;
  /** Units it takes from that budget (weight, or 1 request). */
  readonly units: number;
}

type Params = Readonly<Record<string, string>>;

/** Weight 1 with `symbol`, `allWeight` without it (the answer is then every symbol, or a COIN-M pair's). */
const perSymbol =
  (allWeight: number) =>
  (params: Params): number =>
    params['symbol'] === undefined ? allWeight : 1;

// Binance's documented weights (binance-api.md 2, 3.4) where they are not 1, as the simulator
// charges them. dapi's premiumIndex costs 10 even for one symbol.
const WEIGHTS: Readonly<Record<string, (params: Params) => number>> = {
  '/fapi/v1/ticker/24hr': perSymbol(40),
  '/fapi/v1/premiumIndex': perSymbol(10),
  '/fapi/v1/klines': (params) => klinesWeight(Number(params['limit'] ?? 500)),
  '/dapi/v1/ticker/24hr': perSymbol(40),
  '/dapi/v1/premiumIndex': () => 10,
};

/**
 * The cost of a GET, from Binance's documented weights: `/futures/data/*` counts one request against
 * its own budget (weight 0) on either host; everything else weighs what {@link WEIGHTS} says, else 1
 * (ping, time, exchangeInfo, openInterest).
 */
export function computeRequestCost(path: string, params: Params): RequestCost {
  if (path.startsWith('/futures/data/')) return { budget: 'history', units: 1 };
  return { budget: 'weight', units: WEIGHTS[path]?.(params) ?? 1 };
}

function klinesWeight(limit: number): number {
  if (limit < 100) return 1;
  if (limit < 500) return 2;
  if (limit <= 1000) return 5;
  return 10;
}
