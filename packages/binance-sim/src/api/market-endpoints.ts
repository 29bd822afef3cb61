import { formatFixed } from '../market/decimal-format.ts';
import { symbolStateAt } from '../market/symbol-state.ts';
import type { SimSymbol } from '../market/universe.ts';
import { errorResponse, jsonResponse, type SimResponse } from '../server/sim-response.ts';
import type { MarketContext, MarketSymbols } from './market-context.ts';
import {
  listedSymbols,
  marketTime,
  priceRange,
  requireListedSymbol,
  tradesFor,
  volumeBetween,
} from './market-stats.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const FUNDING_INTERVAL_MS = 8 * HOUR_MS;

type Query = Readonly<Record<string, string>>;

/**
 * `GET /fapi/v1/openInterest` and `/dapi/v1/openInterest`: OI at the current server time (`time` is
 * not aligned), 400 -4108 unless the contract is TRADING. COIN-M adds `pair` and `contractType`,
 * and counts contracts.
 */
export function answerOpenInterest(
  context: MarketContext,
  symbols: MarketSymbols,
  query: Query,
): SimResponse {
  const found = requireListedSymbol(context, symbols, query);
  if ('error' in found) return found.error;
  const { symbol } = found;
  const state = symbolStateAt(symbol, context.nowMs);
  if (state.status !== 'TRADING') {
    return errorResponse(
      400,
      -4108,
      'Symbol is on delivering or delivered or settling or closed or pre-trading.',
    );
  }
  const openInterest = context.series.openInterestAt(symbol, context.nowMs);
  if (symbol.market === 'um') {
    return jsonResponse(200, { symbol: symbol.symbol, openInterest, time: context.nowMs });
  }
  return jsonResponse(200, {
    symbol: symbol.symbol,
    pair: symbol.pair,
    openInterest,
    contractType: state.contractType,
    time: context.nowMs,
  });
}

/** One premiumIndex entry (COIN-M adds `pair`); a non-perpetual has `""` funding fields and nextFundingTime 0. */
export function premiumIndexOf(context: MarketContext, symbol: SimSymbol): Record<string, unknown> {
  const timeMs = marketTime(symbol, context.nowMs);
  const perpetual = symbol.contractType === 'PERPETUAL';
  return {
    symbol: symbol.symbol,
    ...(symbol.market === 'cm' ? { pair: symbol.pair } : {}),
    markPrice: context.series.markPriceAt(symbol, timeMs),
    indexPrice: context.series.indexPriceAt(symbol, timeMs),
    estimatedSettlePrice: context.series.indexPriceAt(symbol, timeMs - 60_000),
    lastFundingRate: perpetual ? context.series.fundingRateAt(symbol, timeMs) : '',
    interestRate: perpetual ? '0.00010000' : '',
    nextFundingTime: perpetual ? (Math.floor(timeMs / FUNDING_INTERVAL_MS) + 1) * FUNDING_INTERVAL_MS : 0,
    time: context.nowMs,
  };
}

/**
 * One 24h ticker entry. USDⓈ-M volume is in base units with `quoteVolume`; COIN-M adds `pair`,
 * counts `volume` in contracts and gives `baseVolume` (the coin) instead of `quoteVolume`.
 */
export function tickerOf(context: MarketContext, symbol: SimSymbol): Record<string, unknown> {
  const closeMs = marketTime(symbol, context.nowMs);
  const openMs = closeMs - DAY_MS;
  const pp = symbol.pricePrecision;
  const prices = priceRange(context, symbol, openMs, closeMs);
  const volume = volumeBetween(context, symbol, openMs, closeMs);
  const average = (prices.open + prices.close + prices.high + prices.low) / 4;
  const change = Number(formatFixed(prices.close, pp)) - Number(formatFixed(prices.open, pp));
  const count = tradesFor(symbol, volume);
  const lastId = Math.floor((closeMs - symbol.onboardDateMs) / 40);
  return {
    symbol: symbol.symbol,
    ...(symbol.market === 'cm' ? { pair: symbol.pair } : {}),
    priceChange: formatFixed(change, pp),
    priceChangePercent: formatFixed((change / prices.open) * 100, 3),
    weightedAvgPrice: formatFixed(average, pp),
    lastPrice: formatFixed(prices.close, pp),
    lastQty: formatFixed(symbol.typicalVolume24h / 2_000_000, symbol.quantityPrecision),
    openPrice: formatFixed(prices.open, pp),
    highPrice: formatFixed(prices.high, pp),
    lowPrice: formatFixed(prices.low, pp),
    volume: formatFixed(volume, symbol.quantityPrecision),
    ...(symbol.contractSize === undefined
      ? { quoteVolume: formatFixed(volume * average, 2) }
      : { baseVolume: formatFixed((volume * symbol.contractSize) / average, 8) }),
    openTime: openMs,
    closeTime: closeMs,
    firstId: Math.max(0, lastId - count + 1),
    lastId,
    count,
  };
}

/** The USDⓈ-M shape premiumIndex and ticker/24hr share: one object for `symbol`, else every listed symbol's. */
function answerOneOrAll<T>(
  context: MarketContext,
  query: Query,
  render: (context: MarketContext, symbol: SimSymbol) => T,
): SimResponse {
  const symbols = context.markets.um;
  if (query['symbol'] === undefined) {
    return jsonResponse(
      200,
      listedSymbols(context, symbols).map((symbol) => render(context, symbol)),
    );
  }
  const found = requireListedSymbol(context, symbols, query);
  if ('error' in found) return found.error;
  return jsonResponse(200, render(context, found.symbol));
}

/** `GET /fapi/v1/premiumIndex`: one object with `symbol`, else an array of every listed symbol. */
export function answerPremiumIndex(context: MarketContext, query: Query): SimResponse {
  return answerOneOrAll(context, query, premiumIndexOf);
}

/** `GET /fapi/v1/ticker/24hr`: one object with `symbol`, else an array of every listed symbol. */
export function answerTicker24h(context: MarketContext, query: Query): SimResponse {
  return answerOneOrAll(context, query, tickerOf);
}
