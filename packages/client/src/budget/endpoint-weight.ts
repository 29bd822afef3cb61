/** Which IP budget a request draws from: request weight per minute, or `/futures/data` requests per 5 min. */
export type BudgetName = 'weight' | 'history';

/** What one request costs. */
export interface RequestCost {
  /** The budget it draws from. */
  readonly budget: BudgetName;
  /** Units it takes from that budget (weight, or 1 request). */
  readonly units: number;
}

/**
 * The cost of a GET, from Binance's documented weights: `/futures/data/*` counts one request against
 * its own budget (weight 0); ticker/24hr and premiumIndex are cheap with a symbol and heavy without.
 */
export function computeRequestCost(path: string, params: Readonly<Record<string, string>>): RequestCost {
  if (path.startsWith('/futures/data/')) return { budget: 'history', units: 1 };
  const hasSymbol = params['symbol'] !== undefined;
  switch (path) {
    case '/fapi/v1/ticker/24hr':
      return { budget: 'weight', units: hasSymbol ? 1 : 40 };
    case '/fapi/v1/premiumIndex':
      return { budget: 'weight', units: hasSymbol ? 1 : 10 };
    case '/fapi/v1/klines':
      return { budget: 'weight', units: klinesWeight(Number(params['limit'] ?? 500)) };
    default:
      // ping, time, exchangeInfo, openInterest
      return { budget: 'weight', units: 1 };
  }
}

function klinesWeight(limit: number): number {
  if (limit < 100) return 1;
  if (limit < 500) return 2;
  if (limit <= 1000) return 5;
  return 10;
}
