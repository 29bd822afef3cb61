import { type Clock, type RetryPolicyOptions, systemClock } from '@oi/retry';
import type { BudgetSpec } from '../budget/budget-spec.ts';
import { describeRoute } from '../budget/ledger-location.ts';
import { createRateBudgets, type RateBudgets } from '../budget/rate-budgets.ts';
import { createHistoryPager } from '../history/history-pager.ts';
import type { TlsSettings } from '../http/create-dispatcher.ts';
import { createHttpTransport } from '../http/http-transport.ts';
import type { ProxySettings } from '../http/proxy-settings.ts';
import { type Market, marketApi } from '../market/market-api.ts';
import { parsePing, parseServerTime } from '../parse/parse-response.ts';
import type {
  ExchangeInfo,
  HistoryPage,
  HistoryQuery,
  HistoryRangeQuery,
  MarkPrice,
  OpenInterest,
  OpenInterestHistoryRow,
  ServerTimeSample,
  Ticker24h,
} from '../parse/records.ts';
import type { ClientEvent } from './client-events.ts';
import { createRequestRunner, type RequestOptions } from './request-runner.ts';

export type { RequestOptions } from './request-runner.ts';

/** Options of {@link createBinanceClient}; read once, never changed afterwards. */
export interface BinanceClientOptions {
  /**
   * The market: `um` (USDⓈ-M, `/fapi/v1`) or `cm` (COIN-M, `/dapi/v1`, quantities in contracts,
   * history by contract symbol). @default 'um'
   */
  readonly market?: Market;
  /** REST host. @default 'https://fapi.binance.com' (`um`), 'https://dapi.binance.com' (`cm`) */
  readonly baseUrl?: string;
  /** Per-attempt timeout from sending to the complete body, real ms. @default 10_000 */
  readonly timeoutMs?: number;
  /** User-Agent header. @default 'oi/<version>' */
  readonly userAgent?: string;
  /** Proxies (HTTP_PROXY, HTTPS_PROXY, SOCKS_PROXY, NO_PROXY as URL strings). @default none */
  readonly proxy?: ProxySettings;
  /** Extra TLS trust for the target and an https proxy. */
  readonly tls?: TlsSettings;
  /** Time source and sleeper. @default systemClock */
  readonly clock?: Clock;
  /**
   * IP budgets; share one between all clients of a process. When given, the budget options below
   * are theirs and are ignored here. @default createRateBudgets built from the options below
   */
  readonly budgets?: RateBudgets;
  /** Request weight per fixed window (parse `2400/1m` with `parseBudget`). @default 2400 per minute */
  readonly weightBudget?: BudgetSpec;
  /** `/futures/data` requests per sliding window. @default 1000 per 5 minutes */
  readonly historyBudget?: BudgetSpec;
  /**
   * Directory of the ledgers that every process on the host shares, one per route (target and
   * proxy). Omitted, the budgets are this process's alone. The CLI passes `OI_BUDGET_DIR` or
   * `defaultBudgetDir(process.env)`.
   */
  readonly budgetDir?: string;
  /** A ban ending later than this fails requests with `IpBannedError`; shorter ones are waited out. @default 15 minutes */
  readonly maxBanWaitMs?: number;
  /**
   * Most `/futures/data` requests unanswered at once across every process of the route (see
   * `createRateBudgets`). @default none
   */
  readonly maxHistoryInFlight?: number;
  /** Retry knobs. @default 5 attempts, 500 ms base, 30 s cap per delay, 120 s in all (see @oi/retry) */
  readonly retry?: Partial<RetryPolicyOptions>;
  /** How far back openInterestHist serves: the wall the pager clamps to, ms. @default 30 days */
  readonly historyRetentionMs?: number;
  /** Stay this far inside the retention wall, ms. @default 5 minutes */
  readonly retentionMarginMs?: number;
  /** Receives request, response, retry, rate-wait, rate-limited, banned and budget-learned events (no credentials). */
  readonly onEvent?: (event: ClientEvent) => void;
  /** A fetch to use instead of undici's (then `proxy` and `tls` are not applied, though a bad proxy URL still throws). */
  readonly fetch?: typeof globalThis.fetch;
}

/**
 * A typed Binance futures REST client of one market; every result is a frozen record. Paths are
 * written for USDⓈ-M (`/fapi/v1/...`); a COIN-M client calls the same under `/dapi/v1/`.
 */
export interface BinanceClient {
  /** The market this client calls. */
  readonly market: Market;
  /** The budgets this client draws from. */
  readonly budgets: RateBudgets;
  /** `GET /fapi/v1/time`: the exchange's time, epoch ms (also refreshes the clock-offset estimate). */
  serverTime(options?: RequestOptions): Promise<number>;
  /**
   * `GET /fapi/v1/time` with the round trip measured from the moment the request left (after any
   * budget wait) to its answer, and the clock offset it gives (also kept for bans and retention).
   */
  measureServerTime(options?: RequestOptions): Promise<ServerTimeSample>;
  /** `GET /fapi/v1/ping`. */
  ping(options?: RequestOptions): Promise<void>;
  /** `GET /fapi/v1/exchangeInfo`; its REQUEST_WEIGHT limit is applied to the budgets. */
  exchangeInfo(options?: RequestOptions): Promise<ExchangeInfo>;
  /** `GET /fapi/v1/ticker/24hr?symbol=` (weight 1). */
  ticker24h(symbol: string, options?: RequestOptions): Promise<Ticker24h>;
  /** `GET /fapi/v1/ticker/24hr` for every symbol (weight 40). */
  ticker24hAll(options?: RequestOptions): Promise<readonly Ticker24h[]>;
  /** `GET /fapi/v1/premiumIndex` for every symbol in one request (weight 10). */
  markPrices(options?: RequestOptions): Promise<readonly MarkPrice[]>;
  /** `GET /fapi/v1/premiumIndex?symbol=` (weight 1; 10 on COIN-M). */
  markPrice(symbol: string, options?: RequestOptions): Promise<MarkPrice>;
  /** `GET /fapi/v1/openInterest?symbol=` (weight 1). */
  openInterest(symbol: string, options?: RequestOptions): Promise<OpenInterest>;
  /**
   * One page of `GET /futures/data/openInterestHist` with inclusive bounds, sorted and deduplicated.
   * On COIN-M one request per role the contract holds within the bounds (usually one).
   */
  openInterestHistory(
    query: HistoryQuery,
    options?: RequestOptions,
  ): Promise<readonly OpenInterestHistoryRow[]>;
  /**
   * Every page of `[startMs, endMs)`: rows, or ranges that are before listing or beyond retention.
   * On COIN-M, pages of the pair's roles while the contract held them; a contract's own rows only.
   */
  openInterestHistoryPages(query: HistoryRangeQuery, options?: RequestOptions): AsyncIterable<HistoryPage>;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Creates a client; throws at once for a bad proxy URL or option. */
export function createBinanceClient(options: BinanceClientOptions = {}): BinanceClient {
  const clock = options.clock ?? systemClock;
  const market = options.market ?? 'um';
  const api = marketApi(market);
  const baseUrl = options.baseUrl ?? api.defaultBaseUrl;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBanWaitMs = options.maxBanWaitMs ?? 15 * MINUTE_MS;
  const emit = options.onEvent ?? (() => {});
  // Retries have one owner, retryWithPolicy around each attempt; the transport never retries.
  const transport = createHttpTransport({
    baseUrl,
    accept: 'application/json',
    timeoutMs,
    ...(options.userAgent === undefined ? {} : { userAgent: options.userAgent }),
    ...(options.proxy === undefined ? {} : { proxy: options.proxy }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const budgets =
    options.budgets ??
    createRateBudgets({
      clock,
      route: describeRoute(baseUrl, options.proxy),
      maxBanWaitMs,
      // An attempt ends within its timeout: an unanswered reservation older than that is a dead process's.
      inFlightLeaseMs: timeoutMs + 5000,
      onEvent: emit,
      ...(options.weightBudget === undefined ? {} : { weightBudget: options.weightBudget }),
      ...(options.historyBudget === undefined ? {} : { historyBudget: options.historyBudget }),
      ...(options.budgetDir === undefined ? {} : { budgetDir: options.budgetDir }),
      ...(options.maxHistoryInFlight === undefined ? {} : { maxHistoryInFlight: options.maxHistoryInFlight }),
    });
  // The server's clock minus ours; refreshed by serverTime(). Bans and the retention wall are in server time.
  let serverOffsetMs = 0;
  const request = createRequestRunner({
    market,
    transport,
    budgets,
    clock,
    emit,
    retry: { maxBanWaitMs, ...options.retry },
    serverOffsetMs: () => serverOffsetMs,
  });
  const pager = createHistoryPager({
    run: request,
    market,
    serverNowMs: () => clock.now() + serverOffsetMs,
    retentionMs: options.historyRetentionMs ?? 30 * DAY_MS,
    retentionMarginMs: options.retentionMarginMs ?? 5 * MINUTE_MS,
  });

  // Timed by the runner from the grant on: a wait for the budget (ledger polling, pacing, another
  // process's live requests) is not network time and must not skew the offset.
  async function measureServerTime(requestOptions?: RequestOptions): Promise<ServerTimeSample> {
    const sample = await request(
      {
        path: api.path('time'),
        params: {},
        parse: (target, bodyText, { sentAtMs, receivedAtMs }): ServerTimeSample => {
          const serverTimeMs = parseServerTime(target, bodyText);
          const rttMs = receivedAtMs - sentAtMs;
          return Object.freeze({
            serverTimeMs,
            sentAtMs,
            receivedAtMs,
            rttMs,
            offsetMs: Math.round(serverTimeMs - (sentAtMs + rttMs / 2)),
          });
        },
      },
      requestOptions,
    );
    serverOffsetMs = sample.offsetMs;
    return sample;
  }

  return Object.freeze({
    market,
    budgets,
    async serverTime(requestOptions?: RequestOptions) {
      return (await measureServerTime(requestOptions)).serverTimeMs;
    },
    measureServerTime,
    ping: (requestOptions?: RequestOptions) =>
      request({ path: api.path('ping'), params: {}, parse: parsePing }, requestOptions),
    async exchangeInfo(requestOptions?: RequestOptions) {
      const info = await request(
        { path: api.path('exchangeInfo'), params: {}, parse: api.exchangeInfo },
        requestOptions,
      );
      budgets.applyRateLimits(info.rateLimits);
      return info;
    },
    ticker24h: (symbol: string, requestOptions?: RequestOptions) =>
      request(
        { path: api.path('ticker/24hr'), params: { symbol }, parse: api.ticker24h(symbol) },
        requestOptions,
      ),
    ticker24hAll: (requestOptions?: RequestOptions) =>
      request({ path: api.path('ticker/24hr'), params: {}, parse: api.ticker24hList }, requestOptions),
    markPrices: (requestOptions?: RequestOptions) =>
      request({ path: api.path('premiumIndex'), params: {}, parse: api.markPriceList }, requestOptions),
    markPrice: (symbol: string, requestOptions?: RequestOptions) =>
      request(
        { path: api.path('premiumIndex'), params: { symbol }, parse: api.markPrice(symbol) },
        requestOptions,
      ),
    openInterest: (symbol: string, requestOptions?: RequestOptions) =>
      request(
        { path: api.path('openInterest'), params: { symbol }, parse: api.openInterest },
        requestOptions,
      ),
    openInterestHistory: (query: HistoryQuery, requestOptions?: RequestOptions) =>
      pager.fetchHistory(query, requestOptions),
    openInterestHistoryPages: (query: HistoryRangeQuery, requestOptions?: RequestOptions) => ({
      [Symbol.asyncIterator]: () => pager.historyPages(query, requestOptions),
    }),
  });
}
