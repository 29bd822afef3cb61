import { answerCoinMPremiumIndex, answerCoinMTicker24h } from '../api/coin-m-endpoints.ts';
import { answerCoinMOpenInterestHistory } from '../api/coin-m-history.ts';
import { buildCoinMExchangeInfo, buildExchangeInfo } from '../api/exchange-info.ts';
import { answerKlines, klinesWeight } from '../api/klines.ts';
import type { MarketContext } from '../api/market-context.ts';
import { answerOpenInterest, answerPremiumIndex, answerTicker24h } from '../api/market-endpoints.ts';
import { answerOpenInterestHistory } from '../api/open-interest-history.ts';
import type { BudgetFamily } from '../api/rate-limits.ts';
import { htmlResponse, jsonResponse, NOT_FOUND_HTML, type SimResponse } from './sim-response.ts';

/** The simulator's name for each endpoint, used in the request log and counts. */
export type EndpointName =
  | 'ping'
  | 'time'
  | 'exchangeInfo'
  | 'ticker24hr'
  | 'premiumIndex'
  | 'openInterest'
  | 'openInterestHist'
  | 'klines'
  | 'dapiPing'
  | 'dapiTime'
  | 'dapiExchangeInfo'
  | 'dapiTicker24hr'
  | 'dapiPremiumIndex'
  | 'dapiOpenInterest'
  /** `/futures/data/openInterestHist` in its COIN-M form (`pair` + `contractType`). */
  | 'dapiOpenInterestHist'
  | 'archiveZip'
  | 'archiveChecksum'
  | 'archiveListing'
  | 'archiveOther'
  | 'unknown';

/** The service a request went to: the REST API, or the public data archive on the same listener. */
export type ServiceName = 'api' | 'archive';

/** A request resolved to its endpoint, its cost, and how to answer it (evaluated only if served). */
export interface Route {
  readonly endpoint: EndpointName;
  readonly service: ServiceName;
  /** The budget it draws from (/fapi and /dapi share `weight`); undefined for paths outside the API. */
  readonly family: BudgetFamily | undefined;
  readonly weight: number;
  readonly answer: (context: MarketContext) => SimResponse;
}

type Query = Readonly<Record<string, string>>;

/** Weight 1, or `allWeight` when the optional `symbol` is left out (the answer is then every symbol). */
const symbolWeight = (query: Query, allWeight: number): number =>
  query['symbol'] === undefined ? allWeight : 1;

/**
 * Whether an openInterestHist request is the COIN-M form. The real hosts differ (fapi, dapi); here
 * both share one listener, so the parameters decide: `symbol` is the USDⓈ-M form, `pair` or
 * `contractType` without `symbol` the COIN-M one.
 */
const isCoinMHistory = (query: Query): boolean =>
  query['symbol'] === undefined && (query['pair'] !== undefined || query['contractType'] !== undefined);

/** Resolves a GET request to the REST API; unknown paths get the exchange's HTML 404. */
export function routeRequest(method: string, path: string, query: Query): Route {
  const api = routeApiRequest(method, path, query);
  return { ...api, service: 'api' };
}

function routeApiRequest(method: string, path: string, query: Query): Omit<Route, 'service'> {
  const fapi: BudgetFamily = 'weight';
  if (method === 'GET') {
    switch (path) {
      case '/fapi/v1/ping':
        return { endpoint: 'ping', family: fapi, weight: 1, answer: () => jsonResponse(200, {}) };
      case '/fapi/v1/time':
        return {
          endpoint: 'time',
          family: fapi,
          weight: 1,
          answer: (context) => jsonResponse(200, { serverTime: context.nowMs }),
        };
      case '/fapi/v1/exchangeInfo':
        return {
          endpoint: 'exchangeInfo',
          family: fapi,
          weight: 1,
          answer: (context) => jsonResponse(200, buildExchangeInfo(context)),
        };
      case '/fapi/v1/ticker/24hr':
        return {
          endpoint: 'ticker24hr',
          family: fapi,
          weight: symbolWeight(query, 40),
          answer: (context) => answerTicker24h(context, query),
        };
      case '/fapi/v1/premiumIndex':
        return {
          endpoint: 'premiumIndex',
          family: fapi,
          weight: symbolWeight(query, 10),
          answer: (context) => answerPremiumIndex(context, query),
        };
      case '/fapi/v1/openInterest':
        return {
          endpoint: 'openInterest',
          family: fapi,
          weight: 1,
          answer: (context) => answerOpenInterest(context, context.markets.um, query),
        };
      case '/fapi/v1/klines':
        return {
          endpoint: 'klines',
          family: fapi,
          weight: klinesWeight(query['limit']),
          answer: (context) => answerKlines(context, query),
        };
      case '/futures/data/openInterestHist':
        // The COIN-M form draws on the same /futures/data budget (assumed shared with USDⓈ-M).
        return isCoinMHistory(query)
          ? {
              endpoint: 'dapiOpenInterestHist',
              family: 'history',
              weight: 0,
              answer: (context) => answerCoinMOpenInterestHistory(context, query),
            }
          : {
              endpoint: 'openInterestHist',
              family: 'history',
              weight: 0,
              answer: (context) => answerOpenInterestHistory(context, query),
            };
      default: {
        const dapi = routeDapiRequest(path, query);
        if (dapi !== undefined) return dapi;
      }
    }
  }
  const underFapi = path.startsWith('/fapi/') || path.startsWith('/dapi/');
  return {
    endpoint: 'unknown',
    family: underFapi ? fapi : undefined,
    weight: underFapi ? 1 : 0,
    answer: () => htmlResponse(404, NOT_FOUND_HTML),
  };
}

/** The /dapi/v1 (COIN-M) market-data endpoints: the same weight budget and counter as /fapi. */
function routeDapiRequest(path: string, query: Query): Omit<Route, 'service'> | undefined {
  const family: BudgetFamily = 'weight';
  switch (path) {
    case '/dapi/v1/ping':
      return { endpoint: 'dapiPing', family, weight: 1, answer: () => jsonResponse(200, {}) };
    case '/dapi/v1/time':
      return {
        endpoint: 'dapiTime',
        family,
        weight: 1,
        answer: (context) => jsonResponse(200, { serverTime: context.nowMs }),
      };
    case '/dapi/v1/exchangeInfo':
      return {
        endpoint: 'dapiExchangeInfo',
        family,
        weight: 1,
        answer: (context) => jsonResponse(200, buildCoinMExchangeInfo(context)),
      };
    case '/dapi/v1/ticker/24hr':
      // A `pair` still costs 40: only a single `symbol` is cheap.
      return {
        endpoint: 'dapiTicker24hr',
        family,
        weight: symbolWeight(query, 40),
        answer: (context) => answerCoinMTicker24h(context, query),
      };
    case '/dapi/v1/premiumIndex':
      return {
        endpoint: 'dapiPremiumIndex',
        family,
        weight: 10,
        answer: (context) => answerCoinMPremiumIndex(context, query),
      };
    case '/dapi/v1/openInterest':
      return {
        endpoint: 'dapiOpenInterest',
        family,
        weight: 1,
        answer: (context) => answerOpenInterest(context, context.markets.cm, query),
      };
    default:
      return undefined;
  }
}
