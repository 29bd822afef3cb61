import {
  type BinanceApiError,
  type Clock,
  classifyFailure,
  isOiError,
  NetworkError,
  parseBinanceErrorResponse,
  type RequestTarget,
  RequestTimeoutError,
  type RetryPolicyOptions,
  retryWithPolicy,
  systemClock,
} from '@oi/retry';
import ky, { type KyInstance } from 'ky';
import { type Dispatcher, fetch as undiciFetch } from 'undici';
import type { ClientEvent } from './client-events.ts';
import { createDispatcher, type TlsSettings } from './create-dispatcher.ts';
import { computeRequestCost } from './endpoint-weight.ts';
import { periodMs } from './history-period.ts';
import { HISTORY_ROWS_PER_REQUEST, planHistoryWindows } from './history-windows.ts';
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
} from './parse-response.ts';
import { type ProxySettings, selectProxy } from './proxy-settings.ts';
import { createRateBudgets, type RateBudgets, type RequestPriority } from './rate-budgets.ts';
import type {
  ExchangeInfo,
  HistoryPage,
  HistoryQuery,
  HistoryRangeQuery,
  MarkPrice,
  OpenInterest,
  OpenInterestHistoryRow,
  Ticker24h,
} from './records.ts';
import { scrubSecrets } from './scrub-secrets.ts';
import { CLIENT_VERSION } from './version.ts';

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
  /** Retry knobs. @default DEFAULT_RETRY_POLICY of @oi/retry */
  readonly retry?: Partial<RetryPolicyOptions>;
  /** How far back openInterestHist serves: the wall the pager clamps to, ms. @default 30 days */
  readonly historyRetentionMs?: number;
  /** Stay this far inside the retention wall, ms. @default 5 minutes */
  readonly retentionMarginMs?: number;
  /** Receives request, response, retry, rate-wait and banned events (no credentials). */
  readonly onEvent?: (event: ClientEvent) => void;
  /** A fetch to use instead of undici's (then `proxy` and `tls` are not applied). */
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
const TIMEOUT_REASON = Symbol('attempt timeout');

interface EndpointCall<T> {
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly parse: (target: RequestTarget, bodyText: string) => T;
}

/** Creates a client; throws at once for a bad proxy URL or option. */
export function createBinanceClient(options: BinanceClientOptions = {}): BinanceClient {
  const clock = options.clock ?? systemClock;
  const budgets = options.budgets ?? createRateBudgets({ clock });
  const baseUrl = new URL(options.baseUrl ?? 'https://fapi.binance.com');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retentionMs = options.historyRetentionMs ?? 30 * DAY_MS;
  const retentionMarginMs = options.retentionMarginMs ?? 5 * 60_000;
  const emit = options.onEvent ?? (() => {});
  const retryKnobs = { ...options.retry };
  if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${timeoutMs}`);
  const secrets = collectSecrets(options.proxy ?? {});
  const dispatcher: Dispatcher | undefined =
    options.fetch === undefined
      ? createDispatcher(selectProxy(baseUrl, options.proxy ?? {}), options.tls)
      : undefined;
  // The server's clock minus ours; refreshed by serverTime(). Bans and the retention wall are in server time.
  let serverOffsetMs = 0;

  const http: KyInstance = ky.create({
    prefix: baseUrl.href,
    // Retries have one owner, retryWithPolicy around each attempt (ky's own loop is off): every
    // attempt must re-acquire budget, a truncated or invalid body (read after ky returns) must be
    // retried like a reset, a 418 must pause all requests, and waits must run on the injected clock.
    retry: 0,
    // One timer covers the whole attempt including the body, which ky's timeout does not when the
    // body is read from the Response; see sendAttempt.
    timeout: false,
    throwHttpErrors: false,
    headers: { 'user-agent': options.userAgent ?? `oi/${CLIENT_VERSION}`, accept: 'application/json' },
    fetch: options.fetch ?? createUndiciFetch(dispatcher),
  });

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
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(TIMEOUT_REASON), timeoutMs);
    const attemptSignal = signal === undefined ? timeout.signal : AbortSignal.any([signal, timeout.signal]);
    const startedMs = performance.now();
    let settled = false;
    emit({ type: 'request', ...target, attempt, priority, budget: cost.budget, units: cost.units });
    try {
      // No hold while waiting on the network: the server (the simulator in tests) may itself wait on
      // the shared virtual clock before answering. Our own work in between runs without awaiting I/O.
      const response = await http.get(call.path.replace(/^\//, ''), {
        searchParams: call.params,
        signal: attemptSignal,
      });
      const bodyText = await response.text();
      const release = clock.hold();
      try {
        const receivedAtMs = clock.now();
        const usedWeight = parseUsedWeight(response.headers.get(WEIGHT_HEADER));
        grant.settle(usedWeight === undefined ? {} : { usedWeight });
        settled = true;
        emit({
          type: 'response',
          ...target,
          attempt,
          priority,
          status: response.status,
          durationMs: Math.round(performance.now() - startedMs),
          ...(usedWeight === undefined ? {} : { usedWeight }),
        });
        if (response.ok) return call.parse(target, bodyText);
        const error = parseBinanceErrorResponse({
          ...target,
          status: response.status,
          bodyText,
          retryAfter: response.headers.get('retry-after'),
          receivedAtMs,
        });
        noteLimitAnswer(error, cost.budget, receivedAtMs);
        throw error;
      } finally {
        release();
      }
    } catch (error) {
      if (!settled) grant.settle();
      if (isOiError(error)) throw error;
      if (signal?.aborted) throw signal.reason;
      if (timeout.signal.aborted) throw new RequestTimeoutError({ ...target, timeoutMs });
      throw new NetworkError({ ...target, cause: scrubSecrets(error, secrets) });
    } finally {
      clearTimeout(timer);
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
    const query = new URLSearchParams(call.params).toString();
    const target: RequestTarget = {
      method: 'GET',
      endpoint: query === '' ? call.path : `${call.path}?${query}`,
    };
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

// ky hands fetch a global Request, which undici's own fetch does not accept as input; pass its
// parts instead. Only GETs are sent, so there is no body to carry.
function createUndiciFetch(dispatcher: Dispatcher | undefined): typeof globalThis.fetch {
  const adapted = (input: Request, init?: RequestInit) =>
    undiciFetch(input.url, {
      method: input.method,
      headers: [...input.headers],
      signal: input.signal,
      ...(init as object),
      ...(dispatcher === undefined ? {} : { dispatcher }),
    });
  return adapted as unknown as typeof globalThis.fetch;
}

function parseUsedWeight(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

function collectSecrets(proxy: ProxySettings): string[] {
  const secrets: string[] = [];
  for (const value of [proxy.httpProxy, proxy.httpsProxy, proxy.socksProxy]) {
    if (value === undefined) continue;
    try {
      const url = new URL(value);
      if (url.password === '') continue;
      const user = decodeURIComponent(url.username);
      const password = decodeURIComponent(url.password);
      secrets.push(url.password, password, Buffer.from(`${user}:${password}`).toString('base64'));
    } catch {
      // selectProxy reports unusable URLs.
    }
  }
  return secrets;
}
