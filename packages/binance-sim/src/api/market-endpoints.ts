import { formatFixed } from '../market/decimal-format.ts';
import type { SimSymbol } from '../market/universe.ts';
import { errorResponse, jsonResponse, type SimResponse } from '../server/sim-response.ts';
import type { MarketContext } from './market-context.ts';
import { missingParam, parseTimeParam } from './query-params.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const FUNDING_INTERVAL_MS = 8 * HOUR_MS;

/** Resolves the `symbol` parameter: the symbol, or the -1102/-1121 answer. */
function requireSymbol(
  context: MarketContext,
  query: Readonly<Record<string, string>>,
): { symbol: SimSymbol } | { error: SimResponse } {
  const name = query['symbol'];
  if (name === undefined || name === '') return { error: missingParam('symbol') };
  const symbol = context.bySymbol.get(name);
  return symbol === undefined ? { error: errorResponse(400, -1121, 'Invalid symbol.') } : { symbol };
}

/** The instant a symbol's market data stops at: now, or its delisting. */
function marketTime(symbol: SimSymbol, nowMs: number): number {
  return symbol.delistedAtMs === undefined ? nowMs : Math.min(nowMs, symbol.delistedAtMs);
}

/** `GET /fapi/v1/openInterest`: OI at the current server time (`time` is not aligned). */
export function answerOpenInterest(
  context: MarketContext,
  query: Readonly<Record<string, string>>,
): SimResponse {
  const found = requireSymbol(context, query);
  if ('error' in found) return found.error;
  const { symbol } = found;
  if (symbol.status !== 'TRADING') {
    return errorResponse(
      400,
      -4108,
      'Symbol is on delivering or delivered or settling or closed or pre-trading.',
    );
  }
  return jsonResponse(200, {
    symbol: symbol.symbol,
    openInterest: context.series.openInterestAt(symbol, context.nowMs),
    time: context.nowMs,
  });
}

function premiumIndexOf(context: MarketContext, symbol: SimSymbol): Record<string, unknown> {
  const timeMs = marketTime(symbol, context.nowMs);
  const perpetual = symbol.contractType === 'PERPETUAL';
  return {
    symbol: symbol.symbol,
    markPrice: context.series.markPriceAt(symbol, timeMs),
    indexPrice: context.series.indexPriceAt(symbol, timeMs),
    estimatedSettlePrice: context.series.indexPriceAt(symbol, timeMs - 60_000),
    lastFundingRate: perpetual ? context.series.fundingRateAt(symbol, timeMs) : '',
    interestRate: perpetual ? '0.00010000' : '',
    nextFundingTime: perpetual ? (Math.floor(timeMs / FUNDING_INTERVAL_MS) + 1) * FUNDING_INTERVAL_MS : 0,
    time: context.nowMs,
  };
}

/** `GET /fapi/v1/premiumIndex`: one object with `symbol`, else an array of every symbol. */
export function answerPremiumIndex(
  context: MarketContext,
  query: Readonly<Record<string, string>>,
): SimResponse {
  return answerOneOrAll(context, query, premiumIndexOf);
}

/** The shape both premiumIndex and ticker/24hr share: one object for `symbol`, else every symbol's. */
function answerOneOrAll<T>(
  context: MarketContext,
  query: Readonly<Record<string, string>>,
  render: (context: MarketContext, symbol: SimSymbol) => T,
): SimResponse {
  if (query['symbol'] === undefined) {
    return jsonResponse(
      200,
      context.universe.map((symbol) => render(context, symbol)),
    );
  }
  const found = requireSymbol(context, query);
  if ('error' in found) return found.error;
  return jsonResponse(200, render(context, found.symbol));
}

/** Traded volume over [fromMs, toMs), summed over half-hour samples of the volume rate. */
function volumeBetween(context: MarketContext, symbol: SimSymbol, fromMs: number, toMs: number): number {
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
function priceRange(context: MarketContext, symbol: SimSymbol, fromMs: number, toMs: number) {
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
function tradesFor(symbol: SimSymbol, volume: number): number {
  return Math.round((volume / symbol.typicalVolume24h) * 2_000_000);
}

function tickerOf(context: MarketContext, symbol: SimSymbol): Record<string, unknown> {
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
    priceChange: formatFixed(change, pp),
    priceChangePercent: formatFixed((change / prices.open) * 100, 3),
    weightedAvgPrice: formatFixed(average, pp),
    lastPrice: formatFixed(prices.close, pp),
    lastQty: formatFixed(symbol.typicalVolume24h / 2_000_000, symbol.quantityPrecision),
    openPrice: formatFixed(prices.open, pp),
    highPrice: formatFixed(prices.high, pp),
    lowPrice: formatFixed(prices.low, pp),
    volume: formatFixed(volume, symbol.quantityPrecision),
    quoteVolume: formatFixed(volume * average, 2),
    openTime: openMs,
    closeTime: closeMs,
    firstId: Math.max(0, lastId - count + 1),
    lastId,
    count,
  };
}

/** `GET /fapi/v1/ticker/24hr`: one object with `symbol`, else an array of every symbol. */
export function answerTicker24h(
  context: MarketContext,
  query: Readonly<Record<string, string>>,
): SimResponse {
  return answerOneOrAll(context, query, tickerOf);
}

/** The kline intervals of `/fapi/v1/klines`. */
export const KLINE_INTERVALS: readonly string[] = [
  '1m',
  '3m',
  '5m',
  '15m',
  '30m',
  '1h',
  '2h',
  '4h',
  '6h',
  '8h',
  '12h',
  '1d',
  '3d',
  '1w',
  '1M',
];

const FIXED_INTERVAL_MS: Readonly<Record<string, number>> = {
  '1m': 60_000,
  '3m': 180_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': HOUR_MS,
  '2h': 2 * HOUR_MS,
  '4h': 4 * HOUR_MS,
  '6h': 6 * HOUR_MS,
  '8h': 8 * HOUR_MS,
  '12h': 12 * HOUR_MS,
  '1d': DAY_MS,
  '3d': 3 * DAY_MS,
};
const WEEK_MS = 7 * DAY_MS;
// 1970-01-05 was a Monday: weekly candles open on Mondays 00:00 UTC.
const FIRST_MONDAY_MS = 4 * DAY_MS;

/** The open time of the candle containing `timeMs`. */
export function klineOpenTime(interval: string, timeMs: number): number {
  if (interval === '1M') {
    const date = new Date(timeMs);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  }
  if (interval === '1w') return Math.floor((timeMs - FIRST_MONDAY_MS) / WEEK_MS) * WEEK_MS + FIRST_MONDAY_MS;
  const stepMs = FIXED_INTERVAL_MS[interval]!;
  return Math.floor(timeMs / stepMs) * stepMs;
}

/** The open time of the candle after the one opening at `openMs`. */
function nextKlineOpen(interval: string, openMs: number): number {
  if (interval === '1M') {
    const date = new Date(openMs);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  }
  if (interval === '1w') return openMs + WEEK_MS;
  return openMs + FIXED_INTERVAL_MS[interval]!;
}

function previousKlineOpen(interval: string, openMs: number): number {
  return klineOpenTime(interval, openMs - 1);
}

/** The request weight of `/fapi/v1/klines` for a `limit` parameter (default 500). */
export function klinesWeight(rawLimit: string | undefined): number {
  const limit = rawLimit === undefined || !/^[0-9]{1,9}$/.test(rawLimit) ? 500 : Number(rawLimit);
  if (limit < 100) return 1;
  if (limit < 500) return 2;
  if (limit <= 1000) return 5;
  return 10;
}

function klineRow(context: MarketContext, symbol: SimSymbol, interval: string, openMs: number): unknown[] {
  const closeMs = nextKlineOpen(interval, openMs) - 1;
  const untilMs = Math.min(closeMs, marketTime(symbol, context.nowMs));
  const pp = symbol.pricePrecision;
  const prices = priceRange(context, symbol, openMs, untilMs);
  const volume = volumeBetween(context, symbol, openMs, untilMs + 1);
  const average = (prices.open + prices.high + prices.low + prices.close) / 4;
  const takerShare = 0.45 + (0.1 * ((openMs / 60_000) % 7)) / 7;
  return [
    openMs,
    formatFixed(prices.open, pp),
    formatFixed(prices.high, pp),
    formatFixed(prices.low, pp),
    formatFixed(prices.close, pp),
    formatFixed(volume, symbol.quantityPrecision),
    closeMs,
    formatFixed(volume * average, 5),
    tradesFor(symbol, volume),
    formatFixed(volume * takerShare, symbol.quantityPrecision),
    formatFixed(volume * takerShare * average, 5),
    '0',
  ];
}

/** `GET /fapi/v1/klines`: 12-element rows, oldest first; the newest candle may still be open. */
export function answerKlines(context: MarketContext, query: Readonly<Record<string, string>>): SimResponse {
  const found = requireSymbol(context, query);
  if ('error' in found) return found.error;
  const { symbol } = found;
  const interval = query['interval'];
  if (interval === undefined || interval === '') return missingParam('interval');
  if (!KLINE_INTERVALS.includes(interval)) return errorResponse(400, -1120, 'Invalid interval.');
  let limit = 500;
  const rawLimit = query['limit'];
  if (rawLimit !== undefined && rawLimit !== '') {
    if (!/^[0-9]{1,9}$/.test(rawLimit) || Number(rawLimit) < 1) {
      return errorResponse(400, -1130, "Data sent for parameter 'limit' is not valid.");
    }
    // Like the real endpoint, a limit above the maximum is served as the maximum.
    limit = Math.min(1500, Number(rawLimit));
  }
  const start = parseTimeParam(query, 'startTime');
  if (!start.ok) return start.error;
  const end = parseTimeParam(query, 'endTime');
  if (!end.ok) return end.error;
  if (start.value !== undefined && end.value !== undefined && start.value > end.value) {
    return errorResponse(400, -1023, 'Start time is greater than end time.');
  }
  const firstOpenMs = klineOpenTime(interval, symbol.onboardDateMs);
  const newestOpenMs = klineOpenTime(interval, marketTime(symbol, context.nowMs));
  const opens: number[] = [];
  if (start.value !== undefined) {
    let openMs = Math.max(firstOpenMs, klineOpenTime(interval, start.value));
    if (openMs < start.value) openMs = nextKlineOpen(interval, openMs);
    const lastMs = Math.min(newestOpenMs, end.value ?? Number.POSITIVE_INFINITY);
    while (openMs <= lastMs && opens.length < limit) {
      opens.push(openMs);
      openMs = nextKlineOpen(interval, openMs);
    }
  } else {
    let openMs = Math.min(newestOpenMs, klineOpenTime(interval, end.value ?? newestOpenMs));
    while (openMs >= firstOpenMs && opens.length < limit) {
      opens.push(openMs);
      openMs = previousKlineOpen(interval, openMs);
    }
    opens.reverse();
  }
  return jsonResponse(
    200,
    opens.map((openMs) => klineRow(context, symbol, interval, openMs)),
  );
}
