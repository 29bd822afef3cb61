import { symbolStateAt } from '../market/symbol-state.ts';
import type { SimSymbol } from '../market/universe.ts';
import type { MarketContext } from './market-context.ts';
import { listedSymbols } from './market-stats.ts';
import type { SimLimits } from './rate-limits.ts';

/** `rateLimits` exactly as the real array, with the configured weight limit and window. */
export function rateLimitsOf(limits: Readonly<SimLimits>): readonly Record<string, unknown>[] {
  const windowMs = limits.weightWindowMs;
  const interval =
    windowMs % 60_000 === 0
      ? { interval: 'MINUTE', intervalNum: windowMs / 60_000 }
      : { interval: 'SECOND', intervalNum: Math.max(1, Math.round(windowMs / 1000)) };
  return [
    { rateLimitType: 'REQUEST_WEIGHT', ...interval, limit: limits.weightPerWindow },
    { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
    { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 300 },
  ];
}

function tick(precision: number): string {
  return precision === 0 ? '1' : `0.${'0'.repeat(precision - 1)}1`;
}

/**
 * A symbol as exchangeInfo shows it at `nowMs`: its status and type of the moment. COIN-M says
 * `contractStatus` (not `status`) and adds `contractSize` and `equalQtyPrecision`.
 */
function symbolInfo(symbol: SimSymbol, nowMs: number): Record<string, unknown> {
  const priceTick = tick(symbol.pricePrecision);
  const quantityStep = tick(symbol.quantityPrecision);
  const state = symbolStateAt(symbol, nowMs);
  const coinM = symbol.contractSize !== undefined;
  return {
    symbol: symbol.symbol,
    pair: symbol.pair,
    contractType: state.contractType,
    deliveryDate: symbol.deliveryDateMs,
    onboardDate: symbol.onboardDateMs,
    ...(coinM
      ? { contractStatus: state.status, contractSize: symbol.contractSize }
      : { status: state.status }),
    maintMarginPercent: '2.5000',
    requiredMarginPercent: '5.0000',
    baseAsset: symbol.baseAsset,
    quoteAsset: symbol.quoteAsset,
    marginAsset: symbol.marginAsset,
    pricePrecision: symbol.pricePrecision,
    quantityPrecision: symbol.quantityPrecision,
    baseAssetPrecision: 8,
    quotePrecision: 8,
    ...(coinM ? { equalQtyPrecision: 4 } : {}),
    underlyingType: 'COIN',
    underlyingSubType: [],
    settlePlan: 0,
    triggerProtect: '0.0500',
    liquidationFee: '0.012500',
    marketTakeBound: '0.05',
    maxMoveOrderLimit: 10000,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: priceTick, maxPrice: '4529764', tickSize: priceTick },
      { filterType: 'LOT_SIZE', stepSize: quantityStep, maxQty: '1000', minQty: quantityStep },
      { filterType: 'MARKET_LOT_SIZE', stepSize: quantityStep, maxQty: '120', minQty: quantityStep },
      { filterType: 'MAX_NUM_ORDERS', limit: 200 },
      { filterType: 'MAX_NUM_ALGO_ORDERS', limit: 10 },
      { filterType: 'MIN_NOTIONAL', notional: '5' },
      {
        filterType: 'PERCENT_PRICE',
        multiplierUp: '1.0500',
        multiplierDown: '0.9500',
        multiplierDecimal: '4',
      },
    ],
    orderTypes: [
      'LIMIT',
      'MARKET',
      'STOP',
      'STOP_MARKET',
      'TAKE_PROFIT',
      'TAKE_PROFIT_MARKET',
      'TRAILING_STOP_MARKET',
    ],
    timeInForce: ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'],
    permissionSets: ['GRID', 'COPY'],
  };
}

/** The `/fapi/v1/exchangeInfo` body: the USDⓈ-M symbols listed now. */
export function buildExchangeInfo(context: MarketContext): Record<string, unknown> {
  return {
    timezone: 'UTC',
    serverTime: context.nowMs,
    futuresType: 'U_MARGINED',
    rateLimits: rateLimitsOf(context.limits),
    exchangeFilters: [],
    assets: ['USDT', 'USDC', 'BTC', 'BNB', 'ETH'].map((asset) => ({
      asset,
      marginAvailable: true,
      autoAssetExchange: asset === 'USDT' || asset === 'USDC' ? '-10000' : '0',
    })),
    symbols: listedSymbols(context, context.markets.um).map((symbol) => symbolInfo(symbol, context.nowMs)),
  };
}

/**
 * The `/dapi/v1/exchangeInfo` body: the COIN-M contracts listed now, with the roles of the moment.
 * Its `rateLimits` are the shared ones: since the CM-UM integration /dapi and /fapi draw on one
 * weight budget (binance-api.md 1.2).
 */
export function buildCoinMExchangeInfo(context: MarketContext): Record<string, unknown> {
  return {
    timezone: 'UTC',
    serverTime: context.nowMs,
    rateLimits: rateLimitsOf(context.limits),
    exchangeFilters: [],
    symbols: listedSymbols(context, context.markets.cm).map((symbol) => symbolInfo(symbol, context.nowMs)),
  };
}
