import { OiError } from '@oi/errors';

/** Where a request went: the HTTP method and the path with its query (never the host or credentials). */
export interface RequestTarget {
  /** HTTP method, e.g. `GET`. */
  readonly method: string;
  /** Path and query, e.g. `/fapi/v1/openInterest?symbol=BTCUSDT`. */
  readonly endpoint: string;
  /**
   * Scheme, host and port the request went to (never credentials), e.g. `https://dapi.binance.com`,
   * where the sender knows it: one process talks to several hosts (fapi, dapi, the archive).
   */
  readonly origin?: string;
}

/** Context of a Binance error answer; built by {@link parseBinanceErrorResponse} or by hand in tests. */
export interface BinanceApiErrorDetails extends RequestTarget {
  /** HTTP status code. */
  readonly status: number;
  /** Binance error code from the JSON body, e.g. -1121. */
  readonly binanceCode?: number;
  /** Binance error message from the JSON body. */
  readonly msg?: string;
  /** Wait the server asked for through `Retry-After`, in ms. */
  readonly retryAfterMs?: number;
  /** End of an IP ban (418), epoch ms. */
  readonly bannedUntilMs?: number;
  /** Clock time at which the answer arrived, epoch ms. */
  readonly receivedAtMs?: number;
  /** The start of a body that was not a Binance JSON error (e.g. a WAF HTML page). */
  readonly bodySnippet?: string;
  /** The underlying error, if any. */
  readonly cause?: unknown;
}

/** Binance answered with a non-2xx status; `code` is `BINANCE_API`. */
export class BinanceApiError extends OiError {
  /** HTTP status code. */
  readonly status: number;
  /** Binance's own numeric error code (e.g. -1121), when the body was a Binance JSON error. */
  readonly binanceCode: number | undefined;
  /** Binance error message, when the body was a Binance JSON error. */
  readonly msg: string | undefined;
  /** HTTP method of the failed request. */
  readonly method: string;
  /** Path and query of the failed request. */
  readonly endpoint: string;
  /** Wait the server asked for through `Retry-After`, in ms. */
  readonly retryAfterMs: number | undefined;
  /** End of an IP ban (418), epoch ms. */
  readonly bannedUntilMs: number | undefined;
  /** Clock time at which the answer arrived, epoch ms. */
  readonly receivedAtMs: number | undefined;
  /** The start of a body that was not a Binance JSON error. */
  readonly bodySnippet: string | undefined;

  constructor(details: BinanceApiErrorDetails) {
    super(
      'BINANCE_API',
      describeBinanceAnswer(details),
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.status = details.status;
    this.binanceCode = details.binanceCode;
    this.msg = details.msg;
    this.method = details.method;
    this.endpoint = details.endpoint;
    this.retryAfterMs = details.retryAfterMs;
    this.bannedUntilMs = details.bannedUntilMs;
    this.receivedAtMs = details.receivedAtMs;
    this.bodySnippet = details.bodySnippet;
  }
}

function describeBinanceAnswer(details: BinanceApiErrorDetails): string {
  const parts = [`Binance answered ${details.status}`];
  if (details.binanceCode !== undefined) parts.push(String(details.binanceCode));
  if (details.msg !== undefined) parts.push(details.msg);
  if (details.binanceCode === undefined && details.msg === undefined && details.bodySnippet !== undefined) {
    parts.push(`(body: ${JSON.stringify(details.bodySnippet)})`);
  }
  return `${parts.join(' ')}: ${details.method} ${details.endpoint}`;
}

/** The connection failed before a complete answer arrived (reset, refused, DNS, proxy refused...); `code` is `NETWORK`. */
export class NetworkError extends OiError {
  /** HTTP method of the failed request. */
  readonly method: string;
  /** Path and query of the failed request. */
  readonly endpoint: string;
  /** System error code found in the cause chain, e.g. `ECONNRESET`, when there is one. */
  readonly errorCode: string | undefined;
  /** The host that could not be reached (see {@link RequestTarget.origin}). */
  readonly origin: string | undefined;

  constructor(target: RequestTarget & { readonly cause?: unknown; readonly detail?: string }) {
    const errorCode = findErrorCode(target.cause);
    const what = [errorCode, target.detail].filter((part) => part !== undefined).join(': ');
    super(
      'NETWORK',
      `Network failure${what === '' ? '' : ` (${what})`}: ${target.method} ${target.endpoint}`,
      target.cause === undefined ? undefined : { cause: target.cause },
    );
    this.method = target.method;
    this.endpoint = target.endpoint;
    this.errorCode = errorCode;
    this.origin = target.origin;
  }
}

/** No complete answer within the per-attempt timeout; `code` is `REQUEST_TIMEOUT`. */
export class RequestTimeoutError extends OiError {
  /** HTTP method of the request. */
  readonly method: string;
  /** Path and query of the request. */
  readonly endpoint: string;
  /** The timeout that expired, in ms. */
  readonly timeoutMs: number;
  /** The host that did not answer (see {@link RequestTarget.origin}). */
  readonly origin: string | undefined;

  constructor(target: RequestTarget & { readonly timeoutMs: number; readonly cause?: unknown }) {
    super(
      'REQUEST_TIMEOUT',
      `No answer within ${target.timeoutMs} ms: ${target.method} ${target.endpoint}`,
      target.cause === undefined ? undefined : { cause: target.cause },
    );
    this.method = target.method;
    this.endpoint = target.endpoint;
    this.timeoutMs = target.timeoutMs;
    this.origin = target.origin;
  }
}

/** A 2xx answer whose body was not what the endpoint promises (truncated, malformed, wrong shape); `code` is `RESPONSE_INVALID`. */
export class ResponseValidationError extends OiError {
  /** HTTP method of the request. */
  readonly method: string;
  /** Path and query of the request. */
  readonly endpoint: string;
  /** What did not match, one line each, e.g. `[3].timestamp: expected number`. */
  readonly issues: readonly string[];

  constructor(target: RequestTarget & { readonly issues: readonly string[]; readonly cause?: unknown }) {
    const shown = target.issues.slice(0, 3).join('; ');
    const more = target.issues.length > 3 ? ` (+${target.issues.length - 3} more)` : '';
    super(
      'RESPONSE_INVALID',
      `Unexpected response body (${shown}${more}): ${target.method} ${target.endpoint}`,
      target.cause === undefined ? undefined : { cause: target.cause },
    );
    this.method = target.method;
    this.endpoint = target.endpoint;
    this.issues = Object.freeze([...target.issues]);
  }
}

/** Binance banned the IP (418) until later than the caller agreed to wait; `code` is `IP_BANNED`. */
export class IpBannedError extends OiError {
  /** End of the ban, epoch ms. */
  readonly bannedUntilMs: number;
  /** The longest ban the caller waits out, ms. */
  readonly maxBanWaitMs: number;
  /** HTTP method of the request that was not sent, when one was named. */
  readonly method: string | undefined;
  /** Path and query of the request that was not sent, when one was named. */
  readonly endpoint: string | undefined;

  constructor(details: {
    readonly bannedUntilMs: number;
    readonly maxBanWaitMs: number;
    readonly method?: string;
    readonly endpoint?: string;
    readonly cause?: unknown;
  }) {
    const request =
      details.method === undefined || details.endpoint === undefined
        ? ''
        : `: ${details.method} ${details.endpoint}`;
    super(
      'IP_BANNED',
      `IP banned by Binance until ${new Date(details.bannedUntilMs).toISOString()}, longer than the ${Math.round(details.maxBanWaitMs / 1000)} s this run waits out${request}`,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.bannedUntilMs = details.bannedUntilMs;
    this.maxBanWaitMs = details.maxBanWaitMs;
    this.method = details.method;
    this.endpoint = details.endpoint;
  }
}

/** True when Binance answered with a non-2xx status. */
export function isBinanceApiError(error: unknown): error is BinanceApiError {
  return error instanceof BinanceApiError;
}

/** True when a ban outlasts the wait the caller allows. */
export function isIpBannedError(error: unknown): error is IpBannedError {
  return error instanceof IpBannedError;
}

/** True when the connection failed. */
export function isNetworkError(error: unknown): error is NetworkError {
  return error instanceof NetworkError;
}

/** True when an attempt timed out. */
export function isRequestTimeoutError(error: unknown): error is RequestTimeoutError {
  return error instanceof RequestTimeoutError;
}

/** True when a 2xx body did not match the endpoint's schema. */
export function isResponseValidationError(error: unknown): error is ResponseValidationError {
  return error instanceof ResponseValidationError;
}

// Node system errors hide their code one or two `cause` levels down (undici wraps them).
function findErrorCode(cause: unknown): string | undefined {
  let current = cause;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    // An OiError's code names the project's error, not the system's.
    const code = current instanceof OiError ? undefined : (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
