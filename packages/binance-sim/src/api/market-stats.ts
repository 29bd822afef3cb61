import { symbolStateAt } from '../market/symbol-state.ts';
import type { SimSymbol } from '../market/universe.ts';
import { errorResponse, type SimResponse } from '../server/sim-response.ts';
import type { MarketContext, MarketSymbols } from './market-context.ts';
import { missingParam } from './query-params.ts';

/** The -1121 answer for a symbol the market does not list. */
export const invalidSymbol = (): SimResponse => errorResponse(400, -1121, 'Invalid symbol.');

/**
 * Resolves the `symbol` parameter: a symbol listed now, or the -1102/-1121 answer. A symbol before
 * its listing or after its removal is unknown to the live endpoints.
 */
export function requireListedSymbol(
  context: MarketContext,
  symbols: MarketSymbols,
  query: Readonly<Record<string, string>>,
): { symbol: SimSymbol } | { error: SimResponse } {
  const name = query['symbol'];
  if (name === undefined || name === '') return { error: missingParam('symbol') };
  const symbol = symbols.bySymbol.get(name);
  if (symbol === undefined || !symbolStateAt(symbol, context.nowMs).listed) return { error: invalidSymbol() };
  return { symbol };
}

/** The symbols exchangeInfo lists now, in universe order. */
export function listedSymbols(context: MarketContext, symbols: MarketSymbols): SimSymbol[] {
  return symbols.universe.filter((symbol) => symbolStateAt(symbol, context.nowMs).listed);
}

/** The instant a symbol's market data stops at: now, or its last instant. */
export function marketTime(symbol: SimSymbol, nowMs: number): number {
  return symbol.delistedAtMs === undefined ? nowMs : Math.min(nowMs, symbol.delistedAtMs);
}

/** Traded volume over [fromMs, toMs), summed over half-hour samples of the volume rate. */
export function volumeBetween(
  context: MarketContext,
  symbol: SimSymbol,
  fromMs: number,
  toMs: number,
): number {
  const spanMs = Math.max(0, toMs - fromMs);
  if (spanMs === 0) return 0;
  const steps = Math.min(48, Math.max(1, Math.ceil(spanMs / (30 * 60_000))));
  const stepMs = spanMs / steps;
  let total = 0;
  for (let i = 0; i < steps; i += 1)
    total += context.series.volumeRateAt(symbol, fromMs + (i + 0.5) * stepMs) * stepMs;
  return total;
}

/** Open, high, low, close over [fromMs, toMs], sampled so any span costs the same. */
export function priceRange(context: MarketContext, symbol: SimSymbol, fromMs: number, toMs: number) {
  const open = context.series.priceAt(symbol, fromMs);
  const close = context.series.priceAt(symbol, toMs);
  let high = Math.max(open, close);
  let low = Math.min(open, close);
  for (let i = 1; i < 16; i += 1) {
    const price = context.series.priceAt(symbol, fromMs + ((toMs - fromMs) * i) / 16);
    high = Math.max(high, price);
    low = Math.min(low, price);
  }
  return { open, high, low, close };
}

/** Trades per unit of volume: about two million trades a day at typical volume. */
export function tradesFor(symbol: SimSymbol, volume: number): number {
  return Math.round((volume / symbol.typicalVolume24h) * 2_000_000);
}
