import {
  type BinanceApiError,
  type Clock,
  classifyFailure,
  parseBinanceErrorResponse,
  type RequestTarget,
  type RetryPolicyOptions,
  retryWithPolicy,
  systemClock,
} from '@oi/retry';
import { computeRequestCost } from '../budget/endpoint-weight.ts';
import { createRateBudgets, type RateBudgets, type RequestPriority } from '../budget/rate-budgets.ts';
import { periodMs } from '../history/history-period.ts';
import { HISTORY_ROWS_PER_REQUEST, planHistoryWindows } from '../history/history-windows.ts';
import type { TlsSettings } from '../http/create-dispatcher.ts';
import { createHttpTransport, formatEndpoint, type HttpAnswer } from '../http/http-transport.ts';
import type { ProxySettings } from '../http/proxy-settings.ts';
import {
  parseExchangeInfo,
  parseMarkPrice,
  parseMarkPriceList,
  parseOpenInterest,
  parseOpenInterestHistory,
  parsePing,
  parseServerTime,
  parseTicker24h,
  parseTicker24hList,
} from '../parse/parse-response.ts';
import type {
  ExchangeInfo,
  HistoryPage,
  HistoryQuery,
  HistoryRangeQuery,
  MarkPrice,
  OpenInterest,
  OpenInterestHistoryRow,
  Ticker24h,
} from '../parse/records.ts';
import type { ClientEvent } from './client-events.ts';

/** Options of {@link createBinanceClient}; read once, never changed afterwards. */
export interface BinanceClientOptions {
  /** REST host. @default 'https://fapi.binance.com' */
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
  /** IP budgets; share one between all clients of a process. @default createRateBudgets({ clock }) */
  readonly budgets?: RateBudgets;
  /** Retry knobs. @default 5 attempts, 500 ms base, 30 s cap per delay, 120 s in all (see @oi/retry) */
  readonly retry?: Partial<RetryPolicyOptions>;
  /** How far back openInterestHist serves: the wall the pager clamps to, ms. @default 30 days */
  readonly historyRetentionMs?: number;
  /** Stay this far inside the retention wall, ms. @default 5 minutes */
  readonly retentionMarginMs?: number;
  /** Receives request, response, retry, rate-wait and banned events (no credentials). */
  readonly onEvent?: (event: ClientEvent) => void;
  /** A fetch to use instead of undici's (then `proxy` and `tls` are not applied, though a bad proxy URL still throws). */
  readonly fetch?: typeof globalThis.fetch;
}

/** Per-call options. */
export interface RequestOptions {
  /** Queue priority when a budget is short. @default 'live' */
  readonly priority?: RequestPriority;
  /** Cancels waiting, sending and retrying; its reason is thrown. */
  readonly signal?: AbortSignal;
}

/** A typed Binance USD-M futures REST client; every result is a frozen record. */
export interface BinanceClient {
  /** The budgets this client draws from. */
  readonly budgets: RateBudgets;
  /** `GET /fapi/v1/time`: the exchange's time, epoch ms (also refreshes the clock-offset estimate). */
  serverTime(options?: RequestOptions): Promise<number>;
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
  /** `GET /fapi/v1/premiumIndex?symbol=` (weight 1). */
  markPrice(symbol: string, options?: RequestOptions): Promise<MarkPrice>;
  /** `GET /fapi/v1/openInterest?symbol=` (weight 1). */
  openInterest(symbol: string, options?: RequestOptions): Promise<OpenInterest>;
  /** One page of `GET /futures/data/openInterestHist` with inclusive bounds, sorted and deduplicated. */
  openInterestHistory(
    query: HistoryQuery,
    options?: RequestOptions,
  ): Promise<readonly OpenInterestHistoryRow[]>;
  /** Every page of `[startMs, endMs)`: rows, or ranges that are before listing or beyond retention. */
  openInterestHistoryPages(query: HistoryRangeQuery, options?: RequestOptions): AsyncIterable<HistoryPage>;
}

const DAY_MS = 86_400_000;
const DEFAULT_BAN_MS = 120_000;
const WEIGHT_HEADER = 'x-mbx-used-weight-1m';
const utf8 = new TextDecoder();

interface EndpointCall<T> {
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly parse: (target: RequestTarget, bodyText: string) => T;
}

/** Creates a client; throws at once for a bad proxy URL or option. */
export function createBinanceClient(options: BinanceClientOptions = {}): BinanceClient {
  const clock = options.clock ?? systemClock;
  const budgets = options.budgets ?? createRateBudgets({ clock });
  const retentionMs = options.historyRetentionMs ?? 30 * DAY_MS;
  const retentionMarginMs = options.retentionMarginMs ?? 5 * 60_000;
  const emit = options.onEvent ?? (() => {});
  const retryKnobs = { ...options.retry };
  // Retries have one owner, retryWithPolicy around each attempt; the transport never retries.
  const transport = createHttpTransport({
    baseUrl: options.baseUrl ?? 'https://fapi.binance.com',
    accept: 'application/json',
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.userAgent === undefined ? {} : { userAgent: options.userAgent }),
    ...(options.proxy === undefined ? {} : { proxy: options.proxy }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  // The server's clock minus ours; refreshed by serverTime(). Bans and the retention wall are in server time.
  let serverOffsetMs = 0;

  async function sendAttempt<T>(
    call: EndpointCall<T>,
    target: RequestTarget,
    attempt: number,
    priority: RequestPriority,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const cost = computeRequestCost(call.path, call.params);
    const grant = await budgets.acquire({
      budget: cost.budget,
      units: cost.units,
      priority,
      ...(signal === undefined ? {} : { signal }),
      onWait: (waitMs) =>
        emit({ type: 'rate-wait', budget: cost.budget, waitMs, endpoint: target.endpoint, priority }),
    });
    const startedMs = performance.now();
    emit({ type: 'request', ...target, attempt, priority, budget: cost.budget, units: cost.units });
    let answer: HttpAnswer;
    try {
      // No hold while waiting on the network: the server (the simulator in tests) may itself wait on
      // the shared virtual clock before answering. Our own work afterwards runs without awaiting I/O.
      answer = await transport.get(call.path, call.params, signal === undefined ? {} : { signal });
    } catch (error) {
      grant.settle();
      throw error;
    }
    const release = clock.hold();
    try {
      const receivedAtMs = clock.now();
      const usedWeight = parseUsedWeight(answer.headers.get(WEIGHT_HEADER));
      grant.settle(usedWeight === undefined ? {} : { usedWeight });
      emit({
        type: 'response',
        ...target,
        attempt,
        priority,
        status: answer.status,
        durationMs: Math.round(performance.now() - startedMs),
        ...(usedWeight === undefined ? {} : { usedWeight }),
      });
      const bodyText = utf8.decode(answer.body);
      if (answer.status >= 200 && answer.status < 300) return call.parse(target, bodyText);
      const error = parseBinanceErrorResponse({
        ...target,
        status: answer.status,
        bodyText,
        retryAfter: answer.headers.get('retry-after'),
        receivedAtMs,
      });
      noteLimitAnswer(error, cost.budget, receivedAtMs);
      throw error;
    } finally {
      release();
    }
  }

  /** A 429 pauses its budget; a 418 pauses every request until the ban ends. */
  function noteLimitAnswer(error: BinanceApiError, budget: 'weight' | 'history', receivedAtMs: number): void {
    if (error.status === 429) {
      const failure = classifyFailure(error);
      if (failure.kind === 'retry' && failure.retryAfterMs !== undefined) {
        budgets.pause(budget, receivedAtMs + failure.retryAfterMs);
      }
    } else if (error.status === 418) {
      const fromHeaderMs = error.retryAfterMs === undefined ? undefined : receivedAtMs + error.retryAfterMs;
      const fromBodyMs = error.bannedUntilMs === undefined ? undefined : error.bannedUntilMs - serverOffsetMs;
      const untilMs = Math.max(fromHeaderMs ?? 0, fromBodyMs ?? 0) || receivedAtMs + DEFAULT_BAN_MS;
      budgets.ban(untilMs);
      emit({ type: 'banned', untilMs, endpoint: error.endpoint });
    }
  }

  function request<T>(call: EndpointCall<T>, requestOptions: RequestOptions = {}): Promise<T> {
    const priority = requestOptions.priority ?? 'live';
    const { signal } = requestOptions;
    const target: RequestTarget = { method: 'GET', endpoint: formatEndpoint(call.path, call.params) };
    return retryWithPolicy((attempt) => sendAttempt(call, target, attempt, priority, signal), {
      ...retryKnobs,
      clock,
      ...(signal === undefined ? {} : { signal }),
      onRetry: (info) =>
        emit({
          type: 'retry',
          ...target,
          attempt: info.attempt,
          priority,
          delayMs: info.delayMs,
          failure: info.failure,
          message: info.error instanceof Error ? info.error.message : String(info.error),
        }),
    });
  }

  function fetchHistory(
    query: HistoryQuery,
    requestOptions: RequestOptions | undefined,
  ): Promise<readonly OpenInterestHistoryRow[]> {
    const limit = query.limit ?? HISTORY_ROWS_PER_REQUEST;
    return request(
      {
        path: '/futures/data/openInterestHist',
        params: {
          symbol: query.symbol,
          period: query.period,
          limit: String(limit),
          startTime: String(query.startTimeMs),
          endTime: String(query.endTimeMs),
        },
        parse: (target, body) => parseOpenInterestHistory(target, body, query.startTimeMs, query.endTimeMs),
      },
      { priority: 'history', ...requestOptions },
    );
  }

  async function* historyPages(
    query: HistoryRangeQuery,
    requestOptions: RequestOptions | undefined,
  ): AsyncGenerator<HistoryPage> {
    const plan = planHistoryWindows({
      range: { startMs: query.startMs, endMs: query.endMs },
      slotMs: periodMs(query.period),
      nowMs: clock.now() + serverOffsetMs,
      retentionMs,
      retentionMarginMs,
      ...(query.listedAtMs === undefined ? {} : { listedAtMs: query.listedAtMs }),
    });
    for (const window of plan) {
      if (window.kind !== 'fetch') {
        yield Object.freeze({ kind: window.kind, range: Object.freeze({ ...window.range }) });
        continue;
      }
      try {
        const rows = await fetchHistory(
          {
            symbol: query.symbol,
            period: query.period,
            startTimeMs: window.startTimeMs,
            endTimeMs: window.endTimeMs,
          },
          requestOptions,
        );
        yield Object.freeze({ kind: 'rows', range: Object.freeze({ ...window.range }), rows });
      } catch (error) {
        // The wall moved past this window while paging: a value, not a failure, and never asked again.
        if (classifyFailure(error).reason !== 'beyond-retention') throw error;
        yield Object.freeze({ kind: 'beyond-retention', range: Object.freeze({ ...window.range }) });
      }
    }
  }

  return Object.freeze({
    budgets,
    async serverTime(requestOptions?: RequestOptions) {
      const sentAtMs = clock.now();
      const serverTimeMs = await request(
        { path: '/fapi/v1/time', params: {}, parse: parseServerTime },
        requestOptions,
      );
      serverOffsetMs = serverTimeMs - Math.round((sentAtMs + clock.now()) / 2);
      return serverTimeMs;
    },
    ping: (requestOptions?: RequestOptions) =>
      request({ path: '/fapi/v1/ping', params: {}, parse: parsePing }, requestOptions),
    async exchangeInfo(requestOptions?: RequestOptions) {
      const info = await request(
        { path: '/fapi/v1/exchangeInfo', params: {}, parse: parseExchangeInfo },
        requestOptions,
      );
      budgets.applyRateLimits(info.rateLimits);
      return info;
    },
    ticker24h: (symbol: string, requestOptions?: RequestOptions) =>
      request({ path: '/fapi/v1/ticker/24hr', params: { symbol }, parse: parseTicker24h }, requestOptions),
    ticker24hAll: (requestOptions?: RequestOptions) =>
      request({ path: '/fapi/v1/ticker/24hr', params: {}, parse: parseTicker24hList }, requestOptions),
    markPrices: (requestOptions?: RequestOptions) =>
      request({ path: '/fapi/v1/premiumIndex', params: {}, parse: parseMarkPriceList }, requestOptions),
    markPrice: (symbol: string, requestOptions?: RequestOptions) =>
      request({ path: '/fapi/v1/premiumIndex', params: { symbol }, parse: parseMarkPrice }, requestOptions),
    openInterest: (symbol: string, requestOptions?: RequestOptions) =>
      request(
        { path: '/fapi/v1/openInterest', params: { symbol }, parse: parseOpenInterest },
        requestOptions,
      ),
    openInterestHistory: (query: HistoryQuery, requestOptions?: RequestOptions) =>
      fetchHistory(query, requestOptions),
    openInterestHistoryPages: (query: HistoryRangeQuery, requestOptions?: RequestOptions) => ({
      [Symbol.asyncIterator]: () => historyPages(query, requestOptions),
    }),
  });
}

function parseUsedWeight(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}
