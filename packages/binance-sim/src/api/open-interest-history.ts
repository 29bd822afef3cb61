import { marketLife } from '../market/symbol-state.ts';
import type { SimSymbol } from '../market/universe.ts';
import { errorResponse, type SimResponse } from '../server/sim-response.ts';
import { answerHistory, type HistorySubject, servedRowsAt } from './history-window.ts';
import type { MarketContext } from './market-context.ts';
import { missingParam } from './query-params.ts';

/** A history row exactly as served; `CMCCirculatingSupply` is absent (not empty) for some symbols. */
export interface HistoryRow {
  readonly symbol: string;
  readonly sumOpenInterest: string;
  readonly sumOpenInterestValue: string;
  readonly CMCCirculatingSupply?: string;
  readonly timestamp: number;
}

/** The row labelled `slotMs`: the open-interest snapshot at that instant. */
export function buildHistoryRow(context: MarketContext, symbol: SimSymbol, slotMs: number): HistoryRow {
  const values = context.series.historyValuesAt(symbol, slotMs);
  const supply = context.series.cmcSupplyAt(symbol, slotMs);
  return {
    symbol: symbol.symbol,
    sumOpenInterest: values.sumOpenInterest,
    sumOpenInterestValue: values.sumOpenInterestValue,
    ...(supply === undefined ? {} : { CMCCirculatingSupply: supply }),
    timestamp: slotMs,
  };
}

/** A symbol's history: its listing to its delisting, one row per slot. */
function symbolHistory(context: MarketContext, symbol: SimSymbol): HistorySubject<HistoryRow> {
  return { life: marketLife(symbol), rowsAt: (slotMs) => [buildHistoryRow(context, symbol, slotMs)] };
}

/** The row the server would give for (symbol, period, slot) now, or undefined when not servable. */
export function findHistoryRow(
  context: MarketContext,
  symbolName: string,
  period: string,
  slotMs: number,
): HistoryRow | undefined {
  const symbol = context.markets.um.bySymbol.get(symbolName);
  if (symbol === undefined) return undefined;
  return servedRowsAt(context, symbolHistory(context, symbol), period, slotMs)[0];
}

/**
 * `GET /futures/data/openInterestHist` with `symbol` (the USDⓈ-M form), with every quirk of the
 * real endpoint (see README). A removed symbol's history stays servable within retention.
 */
export function answerOpenInterestHistory(
  context: MarketContext,
  query: Readonly<Record<string, string>>,
): SimResponse {
  return answerHistory(context, query, () => {
    const symbolName = query['symbol'];
    if (symbolName === undefined || symbolName === '') return missingParam('symbol');
    const symbol = context.markets.um.bySymbol.get(symbolName);
    return symbol === undefined
      ? errorResponse(400, -1121, 'Invalid symbol.')
      : symbolHistory(context, symbol);
  });
}
