import type { SimSymbol } from '../market/universe.ts';
import { errorResponse, jsonResponse, type SimResponse } from '../server/sim-response.ts';
import type { MarketContext } from './market-context.ts';
import { premiumIndexOf, tickerOf } from './market-endpoints.ts';
import { listedSymbols, requireListedSymbol } from './market-stats.ts';

type Query = Readonly<Record<string, string>>;

/**
 * The contracts a /dapi market-data request names: `symbol` (one, or -1121), `pair` (its listed
 * contracts; an unknown pair has none), or neither (every listed contract). Both: 400 -1128.
 */
function selectContracts(
  context: MarketContext,
  query: Query,
): { contracts: SimSymbol[] } | { error: SimResponse } {
  const symbols = context.markets.cm;
  const pair = query['pair'];
  if (query['symbol'] !== undefined) {
    if (pair !== undefined) {
      return { error: errorResponse(400, -1128, 'Combination of optional parameters invalid.') };
    }
    const found = requireListedSymbol(context, symbols, query);
    return 'error' in found ? found : { contracts: [found.symbol] };
  }
  const listed = listedSymbols(context, symbols);
  return { contracts: pair === undefined ? listed : listed.filter((symbol) => symbol.pair === pair) };
}

/** An array of one entry per selected contract: the shape of every /dapi one-or-all endpoint. */
function answerEach(
  context: MarketContext,
  query: Query,
  render: (context: MarketContext, symbol: SimSymbol) => Record<string, unknown>,
): SimResponse {
  const selected = selectContracts(context, query);
  if ('error' in selected) return selected.error;
  return jsonResponse(
    200,
    selected.contracts.map((symbol) => render(context, symbol)),
  );
}

/** `GET /dapi/v1/premiumIndex`: always an array, for `symbol`, `pair` or every contract; adds `pair`. */
export function answerCoinMPremiumIndex(context: MarketContext, query: Query): SimResponse {
  return answerEach(context, query, premiumIndexOf);
}

/** `GET /dapi/v1/ticker/24hr`: always an array, for `symbol`, `pair` or every contract. */
export function answerCoinMTicker24h(context: MarketContext, query: Query): SimResponse {
  return answerEach(context, query, tickerOf);
}
