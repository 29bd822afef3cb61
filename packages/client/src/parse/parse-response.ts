import { type RequestTarget, ResponseValidationError } from '@oi/retry';
import type { z } from 'zod';
import {
  rawExchangeInfoSchema,
  rawOpenInterestHistSchema,
  rawOpenInterestSchema,
  rawPingSchema,
  rawPremiumIndexListSchema,
  rawPremiumIndexSchema,
  rawServerTimeSchema,
  rawTicker24hListSchema,
  rawTicker24hSchema,
} from './raw-schemas.ts';
import type {
  ExchangeInfo,
  MarkPrice,
  OpenInterest,
  OpenInterestHistoryRow,
  RateLimit,
  SymbolInfo,
  Ticker24h,
} from './records.ts';

const INTERVAL_MS = { SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 } as const;
const MAX_ISSUES = 10;

/** Parses a JSON body against `schema`, raising {@link ResponseValidationError} that names the endpoint. */
export function parseBody<S extends z.ZodType>(
  target: RequestTarget,
  bodyText: string,
  schema: S,
): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ResponseValidationError({
      ...target,
      issues: [`body is not JSON (${bodyText.length} chars): ${reason}`],
      cause: error,
    });
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, MAX_ISSUES)
    .map((issue) => `${issue.path.length === 0 ? '(body)' : issue.path.join('.')}: ${issue.message}`);
  throw new ResponseValidationError({ ...target, issues, cause: result.error });
}

/** `/fapi/v1/time` -> epoch ms. */
export function parseServerTime(target: RequestTarget, bodyText: string): number {
  return parseBody(target, bodyText, rawServerTimeSchema).serverTime;
}

/** `/fapi/v1/ping` -> nothing (but the body must be a JSON object). */
export function parsePing(target: RequestTarget, bodyText: string): void {
  parseBody(target, bodyText, rawPingSchema);
}

type RawExchangeInfo = z.output<typeof rawExchangeInfoSchema>;
type RawSymbolCommon = Omit<RawExchangeInfo['symbols'][number], 'status'>;

/**
 * An exchangeInfo body of either market as a record: `status` is the market's own status field
 * (`status`, or COIN-M's `contractStatus`), and `contractSize` is given for COIN-M only.
 */
export function toExchangeInfo<S extends RawSymbolCommon>(
  raw: Omit<RawExchangeInfo, 'symbols'> & { readonly symbols: readonly S[] },
  marketFields: (symbol: S) => Pick<SymbolInfo, 'status' | 'contractSize'>,
): ExchangeInfo {
  return Object.freeze({
    serverTimeMs: raw.serverTime,
    rateLimits: Object.freeze(
      raw.rateLimits.map(
        (limit): RateLimit =>
          Object.freeze({
            type: limit.rateLimitType,
            intervalMs: INTERVAL_MS[limit.interval] * limit.intervalNum,
            limit: limit.limit,
          }),
      ),
    ),
    symbols: Object.freeze(
      raw.symbols.map(
        (symbol): SymbolInfo =>
          Object.freeze({
            symbol: symbol.symbol,
            pair: symbol.pair,
            contractType: symbol.contractType,
            onboardDateMs: symbol.onboardDate,
            deliveryDateMs: symbol.deliveryDate,
            baseAsset: symbol.baseAsset,
            quoteAsset: symbol.quoteAsset,
            marginAsset: symbol.marginAsset,
            ...marketFields(symbol),
          }),
      ),
    ),
  });
}

/** `/fapi/v1/exchangeInfo` -> {@link ExchangeInfo}. */
export function parseExchangeInfo(target: RequestTarget, bodyText: string): ExchangeInfo {
  return toExchangeInfo(parseBody(target, bodyText, rawExchangeInfoSchema), (symbol) => ({
    status: symbol.status,
  }));
}

/** A ticker of either market: USDⓈ-M sends `quoteVolume`, COIN-M `baseVolume`. */
export function toTicker(
  raw: Omit<z.output<typeof rawTicker24hSchema>, 'quoteVolume'> & {
    readonly quoteVolume?: string;
    readonly baseVolume?: string;
  },
): Ticker24h {
  const ticker: { -readonly [K in keyof Ticker24h]: Ticker24h[K] } = {
    symbol: raw.symbol,
    lastPrice: raw.lastPrice,
    volume: raw.volume,
    openTimeMs: raw.openTime,
    closeTimeMs: raw.closeTime,
  };
  if (raw.quoteVolume !== undefined) ticker.quoteVolume = raw.quoteVolume;
  if (raw.baseVolume !== undefined) ticker.baseVolume = raw.baseVolume;
  if (raw.priceChange !== undefined) ticker.priceChange = raw.priceChange;
  if (raw.priceChangePercent !== undefined) ticker.priceChangePercent = raw.priceChangePercent;
  if (raw.weightedAvgPrice !== undefined) ticker.weightedAvgPrice = raw.weightedAvgPrice;
  if (raw.openPrice !== undefined) ticker.openPrice = raw.openPrice;
  if (raw.highPrice !== undefined) ticker.highPrice = raw.highPrice;
  if (raw.lowPrice !== undefined) ticker.lowPrice = raw.lowPrice;
  if (raw.count !== undefined) ticker.tradeCount = raw.count;
  return Object.freeze(ticker);
}

/** `/fapi/v1/ticker/24hr?symbol=` -> {@link Ticker24h}. */
export function parseTicker24h(target: RequestTarget, bodyText: string): Ticker24h {
  return toTicker(parseBody(target, bodyText, rawTicker24hSchema));
}

/** `/fapi/v1/ticker/24hr` -> every symbol's {@link Ticker24h}. */
export function parseTicker24hList(target: RequestTarget, bodyText: string): readonly Ticker24h[] {
  return Object.freeze(parseBody(target, bodyText, rawTicker24hListSchema).map(toTicker));
}

/** A premiumIndex entry of either market as a record. */
export function toMarkPrice(raw: z.output<typeof rawPremiumIndexSchema>): MarkPrice {
  return Object.freeze({
    symbol: raw.symbol,
    markPrice: raw.markPrice,
    indexPrice: raw.indexPrice,
    timeMs: raw.time,
  });
}

/** `/fapi/v1/premiumIndex?symbol=` -> {@link MarkPrice}. */
export function parseMarkPrice(target: RequestTarget, bodyText: string): MarkPrice {
  return toMarkPrice(parseBody(target, bodyText, rawPremiumIndexSchema));
}

/** `/fapi/v1/premiumIndex` -> every symbol's {@link MarkPrice}. */
export function parseMarkPriceList(target: RequestTarget, bodyText: string): readonly MarkPrice[] {
  return Object.freeze(parseBody(target, bodyText, rawPremiumIndexListSchema).map(toMarkPrice));
}

/** An openInterest body of either market as a record. */
export function toOpenInterest(raw: z.output<typeof rawOpenInterestSchema>): OpenInterest {
  return Object.freeze({ symbol: raw.symbol, openInterest: raw.openInterest, timeMs: raw.time });
}

/** `/fapi/v1/openInterest` -> {@link OpenInterest}. */
export function parseOpenInterest(target: RequestTarget, bodyText: string): OpenInterest {
  return toOpenInterest(parseBody(target, bodyText, rawOpenInterestSchema));
}

/**
 * `/futures/data/openInterestHist` -> rows sorted by slot, one per slot (the first seen wins), with
 * rows outside the inclusive `[fromMs, toMs]` dropped: the archive and the API have both been seen
 * to send duplicates and strays.
 */
export function parseOpenInterestHistory(
  target: RequestTarget,
  bodyText: string,
  fromMs: number,
  toMs: number,
): readonly OpenInterestHistoryRow[] {
  return toHistoryRows(parseBody(target, bodyText, rawOpenInterestHistSchema), fromMs, toMs, (row) => {
    const supply = row.CMCCirculatingSupply;
    return {
      symbol: row.symbol,
      timestampMs: row.timestamp,
      sumOpenInterest: row.sumOpenInterest,
      sumOpenInterestValue: row.sumOpenInterestValue,
      ...(supply === undefined || supply === '' ? {} : { cmcCirculatingSupply: supply }),
    };
  });
}

/**
 * History rows of either market sorted by slot, one per slot (the first seen wins), with rows
 * outside the inclusive `[fromMs, toMs]` dropped.
 */
export function toHistoryRows<R extends { readonly timestamp: number }>(
  raw: readonly R[],
  fromMs: number,
  toMs: number,
  toRow: (row: R) => OpenInterestHistoryRow,
): readonly OpenInterestHistoryRow[] {
  const bySlot = new Map<number, OpenInterestHistoryRow>();
  for (const row of raw) {
    if (row.timestamp < fromMs || row.timestamp > toMs || bySlot.has(row.timestamp)) continue;
    bySlot.set(row.timestamp, Object.freeze(toRow(row)));
  }
  return Object.freeze([...bySlot.values()].sort((a, b) => a.timestampMs - b.timestampMs));
}
