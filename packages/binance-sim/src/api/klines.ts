import { formatFixed } from '../market/decimal-format.ts';
import type { SimSymbol } from '../market/universe.ts';
import { errorResponse, jsonResponse, type SimResponse } from '../server/sim-response.ts';
import type { MarketContext } from './market-context.ts';
import { marketTime, priceRange, requireListedSymbol, tradesFor, volumeBetween } from './market-stats.ts';
import { missingParam, parseTimeParam } from './query-params.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

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
  const found = requireListedSymbol(context, context.markets.um, query);
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
