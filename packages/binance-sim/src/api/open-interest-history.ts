import type { SimSymbol } from '../market/universe.ts';
import { errorResponse, jsonResponse, type SimResponse } from '../server/sim-response.ts';
import type { MarketContext } from './market-context.ts';
import { missingParam, parseTimeParam } from './query-params.ts';

/** The periods `/futures/data/openInterestHist` accepts (no 1m, no 8h) and their lengths. */
export const HISTORY_PERIOD_MS: Readonly<Record<string, number>> = Object.freeze({
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '2h': 7_200_000,
  '4h': 14_400_000,
  '6h': 21_600_000,
  '12h': 43_200_000,
  '1d': 86_400_000,
});

/** A history row exactly as served; `CMCCirculatingSupply` is absent (not empty) for some symbols. */
export interface HistoryRow {
  readonly symbol: string;
  readonly sumOpenInterest: string;
  readonly sumOpenInterestValue: string;
  readonly CMCCirculatingSupply?: string;
  readonly timestamp: number;
}

const DEFAULT_LIMIT = 30;
const MAX_LIMIT = 500;

const floorTo = (timeMs: number, stepMs: number): number => Math.floor(timeMs / stepMs) * stepMs;
const ceilTo = (timeMs: number, stepMs: number): number => Math.ceil(timeMs / stepMs) * stepMs;

/**
 * The slots a symbol can serve right now: from its listing (or the retention wall, whichever is
 * later) to the newest published boundary (or its delisting), or undefined when there is none.
 */
export function servableHistoryRange(
  context: MarketContext,
  symbol: SimSymbol,
  periodMs: number,
): { firstMs: number; lastMs: number } | undefined {
  const firstMs = Math.max(
    ceilTo(symbol.onboardDateMs, periodMs),
    ceilTo(context.nowMs - context.retentionMs, periodMs),
  );
  let lastMs = floorTo(context.nowMs - context.historyPublishDelayMs, periodMs);
  if (symbol.delistedAtMs !== undefined) lastMs = Math.min(lastMs, floorTo(symbol.delistedAtMs, periodMs));
  return firstMs <= lastMs ? { firstMs, lastMs } : undefined;
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

/** The row the server would give for (symbol, period, slot) now, or undefined when not servable. */
export function findHistoryRow(
  context: MarketContext,
  symbolName: string,
  period: string,
  slotMs: number,
): HistoryRow | undefined {
  const symbol = context.bySymbol.get(symbolName);
  const periodMs = HISTORY_PERIOD_MS[period];
  if (symbol === undefined || periodMs === undefined || slotMs % periodMs !== 0) return undefined;
  const range = servableHistoryRange(context, symbol, periodMs);
  if (range === undefined || slotMs < range.firstMs || slotMs > range.lastMs) return undefined;
  return buildHistoryRow(context, symbol, slotMs);
}

function invalidParam(name: string, msgFirst: boolean): SimResponse {
  return errorResponse(400, -1130, `parameter '${name}' is invalid.`, msgFirst);
}

/** `GET /futures/data/openInterestHist`, with every quirk of the real endpoint (see README). */
export function answerOpenInterestHistory(
  context: MarketContext,
  query: Readonly<Record<string, string>>,
): SimResponse {
  const period = query['period'];
  if (period === undefined || period === '') return missingParam('period');
  const periodMs = HISTORY_PERIOD_MS[period];
  // The period is validated before the symbol, as the real /futures/data endpoints do.
  if (periodMs === undefined) return invalidParam('period', false);
  const symbolName = query['symbol'];
  if (symbolName === undefined || symbolName === '') return missingParam('symbol');
  const symbol = context.bySymbol.get(symbolName);
  if (symbol === undefined) return errorResponse(400, -1121, 'Invalid symbol.');

  let limit = DEFAULT_LIMIT;
  const rawLimit = query['limit'];
  if (rawLimit !== undefined && rawLimit !== '') {
    limit = /^[0-9]{1,9}$/.test(rawLimit) ? Number(rawLimit) : 0;
    if (limit < 1 || limit > MAX_LIMIT) return invalidParam('limit', false);
  }
  const start = parseTimeParam(query, 'startTime');
  if (!start.ok) return start.error;
  const end = parseTimeParam(query, 'endTime');
  if (!end.ok) return end.error;
  const startMs = start.value;
  const endMs = end.value;
  const wallMs = context.nowMs - context.retentionMs;
  // Real bodies of the retention wall come with `msg` before `code`.
  if (startMs !== undefined && startMs < wallMs) return invalidParam('startTime', true);
  if (endMs !== undefined && endMs < wallMs) return invalidParam('endTime', true);
  if (startMs !== undefined && endMs !== undefined && startMs > endMs) {
    return errorResponse(400, -1023, 'Start time is greater than end time.');
  }

  const range = servableHistoryRange(context, symbol, periodMs);
  if (range === undefined) return jsonResponse(200, []);
  let firstMs: number;
  let lastMs: number;
  if (endMs === undefined) {
    // Neither time, or only startTime: the real endpoint ignores a lone startTime and answers the tail.
    lastMs = range.lastMs;
    firstMs = Math.max(range.firstMs, lastMs - (limit - 1) * periodMs);
  } else if (startMs === undefined) {
    lastMs = Math.min(range.lastMs, floorTo(endMs, periodMs));
    firstMs = Math.max(range.firstMs, lastMs - (limit - 1) * periodMs);
  } else {
    // Both bounds inclusive; when more than `limit` rows fit, the first `limit` from startTime.
    firstMs = Math.max(range.firstMs, ceilTo(startMs, periodMs));
    lastMs = Math.min(range.lastMs, floorTo(endMs, periodMs), firstMs + (limit - 1) * periodMs);
  }
  const rows: HistoryRow[] = [];
  for (let slotMs = firstMs; slotMs <= lastMs; slotMs += periodMs) {
    rows.push(buildHistoryRow(context, symbol, slotMs));
  }
  return jsonResponse(200, rows);
}
