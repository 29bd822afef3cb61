// The only place that speaks Binance's field names: the raw response shapes, checked with zod.
import { z } from 'zod';

/** A decimal quantity as Binance sends it: a JSON string, kept exact. */
const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal string');

/** Epoch ms as a JSON number. */
const epochMs = z.number().int().nonnegative();

/** Epoch ms that some endpoints send as a numeric string. */
const epochMsOrString = z.union([
  epochMs,
  z
    .string()
    .regex(/^\d{1,16}$/, 'expected epoch ms')
    .transform(Number),
]);

/** `GET /fapi/v1/time`. */
export const rawServerTimeSchema = z.object({ serverTime: epochMs });

/** `GET /fapi/v1/ping`. */
export const rawPingSchema = z.object({});

/** One entry of `exchangeInfo.rateLimits`. */
export const rawRateLimitSchema = z.object({
  rateLimitType: z.string(),
  interval: z.enum(['SECOND', 'MINUTE', 'HOUR', 'DAY']),
  intervalNum: z.number().int().positive(),
  limit: z.number().int().nonnegative(),
});

/** One entry of `exchangeInfo.symbols` (only the fields `oi` reads). */
export const rawSymbolSchema = z.object({
  symbol: z.string(),
  pair: z.string(),
  contractType: z.string(),
  status: z.string(),
  onboardDate: epochMs,
  deliveryDate: epochMs,
  baseAsset: z.string(),
  quoteAsset: z.string(),
  marginAsset: z.string(),
});

/** `GET /fapi/v1/exchangeInfo`. */
export const rawExchangeInfoSchema = z.object({
  serverTime: epochMs,
  rateLimits: z.array(rawRateLimitSchema),
  symbols: z.array(rawSymbolSchema),
});

/** The fields of `ticker/24hr` both markets send. */
const rawTickerCommonSchema = z.object({
  symbol: z.string(),
  lastPrice: decimalString,
  volume: decimalString,
  openTime: epochMs,
  closeTime: epochMs,
  priceChange: decimalString.optional(),
  priceChangePercent: decimalString.optional(),
  weightedAvgPrice: decimalString.optional(),
  openPrice: decimalString.optional(),
  highPrice: decimalString.optional(),
  lowPrice: decimalString.optional(),
  count: z.number().int().nonnegative().optional(),
});

/** `GET /fapi/v1/ticker/24hr` (one symbol): `volume` in the base asset, `quoteVolume` in the quote asset. */
export const rawTicker24hSchema = rawTickerCommonSchema.extend({ quoteVolume: decimalString });

/** `GET /fapi/v1/ticker/24hr` without a symbol. */
export const rawTicker24hListSchema = z.array(rawTicker24hSchema);

/** `GET /fapi/v1/premiumIndex` (one symbol). */
export const rawPremiumIndexSchema = z.object({
  symbol: z.string(),
  markPrice: decimalString,
  indexPrice: decimalString,
  time: epochMs,
});

/** `GET /fapi/v1/premiumIndex` without a symbol. */
export const rawPremiumIndexListSchema = z.array(rawPremiumIndexSchema);

/** `GET /fapi/v1/openInterest`. */
export const rawOpenInterestSchema = z.object({
  symbol: z.string(),
  openInterest: decimalString,
  time: epochMs,
});

/** One row of `GET /futures/data/openInterestHist`. */
export const rawOpenInterestHistRowSchema = z.object({
  symbol: z.string(),
  sumOpenInterest: decimalString,
  sumOpenInterestValue: decimalString,
  CMCCirculatingSupply: z.union([decimalString, z.literal('')]).optional(),
  timestamp: epochMsOrString,
});

/** `GET /futures/data/openInterestHist`. */
export const rawOpenInterestHistSchema = z.array(rawOpenInterestHistRowSchema);

// COIN-M (dapi): the same endpoints, in contracts, with these differences (binance-api.md 3).

/** One entry of `/dapi/v1/exchangeInfo.symbols`: `contractStatus` instead of `status`, plus `contractSize`. */
export const rawCoinMSymbolSchema = rawSymbolSchema.omit({ status: true }).extend({
  contractStatus: z.string(),
  contractSize: z.number().positive(),
});

/** `GET /dapi/v1/exchangeInfo`. */
export const rawCoinMExchangeInfoSchema = rawExchangeInfoSchema.extend({
  symbols: z.array(rawCoinMSymbolSchema),
});

/** `GET /dapi/v1/ticker/24hr`, always an array: `volume` in contracts, `baseVolume` in the coin, no `quoteVolume`. */
export const rawCoinMTicker24hListSchema = z.array(
  rawTickerCommonSchema.extend({ pair: z.string(), baseVolume: decimalString }),
);

/** `GET /dapi/v1/premiumIndex`, always an array; entries add `pair`. */
export const rawCoinMPremiumIndexListSchema = z.array(rawPremiumIndexSchema.extend({ pair: z.string() }));

/** `GET /dapi/v1/openInterest`: contracts; adds `pair` and `contractType`. */
export const rawCoinMOpenInterestSchema = rawOpenInterestSchema.extend({
  pair: z.string(),
  contractType: z.string(),
});

/** `GET /futures/data/openInterestHist` on dapi: rows of a pair's role, without `symbol` or `CMCCirculatingSupply`. */
export const rawCoinMOpenInterestHistSchema = z.array(
  z.object({
    pair: z.string(),
    contractType: z.string(),
    sumOpenInterest: decimalString,
    sumOpenInterestValue: decimalString,
    timestamp: epochMsOrString,
  }),
);
