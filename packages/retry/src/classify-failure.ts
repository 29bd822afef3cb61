import {
  type BinanceApiError,
  isBinanceApiError,
  isIpBannedError,
  isNetworkError,
  isRequestTimeoutError,
  isResponseValidationError,
} from './errors.ts';

/** Why a failed request may be tried again. */
export type RetryReason =
  | 'network'
  | 'timeout'
  | 'server-error'
  | 'execution-unknown'
  | 'rate-limited'
  | 'ip-banned'
  | 'invalid-response';

/** Why a failed request must not be tried again. */
export type FatalReason =
  | 'ip-banned'
  | 'waf-blocked'
  | 'restricted-location'
  | 'invalid-symbol'
  | 'not-tradable'
  | 'beyond-retention'
  | 'bad-request'
  | 'aborted'
  | 'unknown';

/** What to do about a failure, as data. */
export type FailureClass =
  | {
      readonly kind: 'retry';
      readonly reason: RetryReason;
      readonly retryAfterMs?: number;
      /** End of the ban, epoch ms (server time when Binance named it), for `ip-banned`. */
      readonly bannedUntilMs?: number;
    }
  | { readonly kind: 'fatal'; readonly reason: FatalReason; readonly bannedUntilMs?: number };

const MINUTE_MS = 60_000;

// Binance codes, see binance-api.md 1.3.
const CODE_UNKNOWN = -1000;
const CODE_TIMEOUT = -1007;
const CODE_BAD_SYMBOL = -1121;
const CODE_INVALID_PARAMETER = -1130;
const CODE_NOT_TRADABLE = -4108;

/**
 * Decides retry or fatal from the error's class, HTTP status and Binance code; never from message
 * text (the ban's end is already parsed into `bannedUntilMs` by the error parser). A 418 whose end is
 * known is `retry`/`ip-banned`: `retryWithPolicy` waits it out up to its `maxBanWaitMs`.
 */
export function classifyFailure(error: unknown): FailureClass {
  if (isAbort(error)) return { kind: 'fatal', reason: 'aborted' };
  if (isIpBannedError(error))
    return { kind: 'fatal', reason: 'ip-banned', bannedUntilMs: error.bannedUntilMs };
  if (isNetworkError(error)) return { kind: 'retry', reason: 'network' };
  if (isRequestTimeoutError(error)) return { kind: 'retry', reason: 'timeout' };
  if (isResponseValidationError(error)) return { kind: 'retry', reason: 'invalid-response' };
  if (isBinanceApiError(error)) return classifyBinanceAnswer(error);
  return { kind: 'fatal', reason: 'unknown' };
}

function classifyBinanceAnswer(error: BinanceApiError): FailureClass {
  const { status, binanceCode } = error;
  if (status === 418) {
    // A ban with a known end is waited out (the policy bounds the wait); without one, nothing says
    // when a request may go again.
    const waitMs = banWaitMs(error);
    if (waitMs === undefined) return { kind: 'fatal', reason: 'ip-banned' };
    return {
      kind: 'retry',
      reason: 'ip-banned',
      retryAfterMs: waitMs,
      ...(error.bannedUntilMs === undefined ? {} : { bannedUntilMs: error.bannedUntilMs }),
    };
  }
  if (status === 429) {
    return { kind: 'retry', reason: 'rate-limited', retryAfterMs: rateLimitWaitMs(error) };
  }
  if (status === 403) return { kind: 'fatal', reason: 'waf-blocked' };
  if (status === 451) return { kind: 'fatal', reason: 'restricted-location' };
  if (status === 408) return { kind: 'retry', reason: 'timeout' };
  if (status >= 500) {
    // 503 "Unknown error" (-1000) and -1007 say the request may have run; for read-only GETs that
    // is harmless, but the reason is kept apart because its weight may have been counted.
    if (binanceCode === CODE_UNKNOWN || binanceCode === CODE_TIMEOUT)
      return { kind: 'retry', reason: 'execution-unknown' };
    return { kind: 'retry', reason: 'server-error' };
  }
  if (binanceCode === CODE_BAD_SYMBOL) return { kind: 'fatal', reason: 'invalid-symbol' };
  if (binanceCode === CODE_NOT_TRADABLE) return { kind: 'fatal', reason: 'not-tradable' };
  // -1130 names the parameter only in its message; the request itself says whether time bounds were sent.
  if (binanceCode === CODE_INVALID_PARAMETER && sentTimeBounds(error.endpoint)) {
    return { kind: 'fatal', reason: 'beyond-retention' };
  }
  return { kind: 'fatal', reason: 'bad-request' };
}

// Without Retry-After Binance's guidance is to wait for the next (minute) window.
function rateLimitWaitMs(error: BinanceApiError): number {
  if (error.retryAfterMs !== undefined) return error.retryAfterMs;
  if (error.receivedAtMs === undefined) return MINUTE_MS;
  return MINUTE_MS - (((error.receivedAtMs % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);
}

function banWaitMs(error: BinanceApiError): number | undefined {
  if (error.retryAfterMs !== undefined) return error.retryAfterMs;
  if (error.bannedUntilMs === undefined || error.receivedAtMs === undefined) return undefined;
  return Math.max(0, error.bannedUntilMs - error.receivedAtMs);
}

function sentTimeBounds(endpoint: string): boolean {
  const queryStart = endpoint.indexOf('?');
  if (queryStart < 0) return false;
  const query = new URLSearchParams(endpoint.slice(queryStart + 1));
  return query.has('startTime') || query.has('endTime');
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
