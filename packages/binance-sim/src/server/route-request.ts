import { buildExchangeInfo } from '../api/exchange-info.ts';
import type { MarketContext } from '../api/market-context.ts';
import {
  answerKlines,
  answerOpenInterest,
  answerPremiumIndex,
  answerTicker24h,
  klinesWeight,
} from '../api/market-endpoints.ts';
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
  /** The budget it draws from; undefined for paths outside /fapi and /futures/data. */
  readonly family: BudgetFamily | undefined;
  readonly weight: number;
  readonly answer: (context: MarketContext) => SimResponse;
}

type Query = Readonly<Record<string, string>>;

/** Weight 1, or `allWeight` when the optional `symbol` is left out (the answer is then every symbol). */
const symbolWeight = (query: Query, allWeight: number): number =>
  query['symbol'] === undefined ? allWeight : 1;

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
          answer: (context) => answerOpenInterest(context, query),
        };
      case '/fapi/v1/klines':
        return {
          endpoint: 'klines',
          family: fapi,
          weight: klinesWeight(query['limit']),
          answer: (context) => answerKlines(context, query),
        };
      case '/futures/data/openInterestHist':
        return {
          endpoint: 'openInterestHist',
          family: 'history',
          weight: 0,
          answer: (context) => answerOpenInterestHistory(context, query),
        };
    }
  }
  const underFapi = path.startsWith('/fapi/');
  return {
    endpoint: 'unknown',
    family: underFapi ? fapi : undefined,
    weight: underFapi ? 1 : 0,
    answer: () => htmlResponse(404, NOT_FOUND_HTML),
  };
}
