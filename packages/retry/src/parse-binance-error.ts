import { BinanceApiError, type RequestTarget } from './errors.ts';

/** A non-2xx answer as received: what {@link parseBinanceErrorResponse} needs. */
export interface BinanceErrorResponse extends RequestTarget {
  /** HTTP status code. */
  readonly status: number;
  /** The raw body text (may be HTML, empty or truncated). */
  readonly bodyText: string;
  /** The raw `Retry-After` header value, if sent. */
  readonly retryAfter?: string | null;
  /** Clock time at which the answer arrived, epoch ms. */
  readonly receivedAtMs: number;
}

const BODY_SNIPPET_CHARS = 200;
const BANNED_UNTIL = /banned until (\d{10,16})/;

/**
 * Turns a non-2xx answer into a {@link BinanceApiError}. This is the one place that reads message
 * text: the 418 body states the ban's end only as prose ("banned until 1721393459728").
 */
export function parseBinanceErrorResponse(response: BinanceErrorResponse): BinanceApiError {
  const body = parseErrorBody(response.bodyText);
  const retryAfterMs = parseRetryAfterMs(response.retryAfter, response.receivedAtMs);
  let bannedUntilMs: number | undefined;
  if (response.status === 418) {
    const match = body.msg === undefined ? null : BANNED_UNTIL.exec(body.msg);
    if (match?.[1] !== undefined) bannedUntilMs = Number(match[1]);
    else if (retryAfterMs !== undefined) bannedUntilMs = response.receivedAtMs + retryAfterMs;
  }
  return new BinanceApiError({
    status: response.status,
    method: response.method,
    endpoint: response.endpoint,
    receivedAtMs: response.receivedAtMs,
    ...(body.binanceCode === undefined ? {} : { binanceCode: body.binanceCode }),
    ...(body.msg === undefined ? {} : { msg: body.msg }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(bannedUntilMs === undefined ? {} : { bannedUntilMs }),
    ...(body.binanceCode === undefined && body.msg === undefined && response.bodyText !== ''
      ? { bodySnippet: response.bodyText.slice(0, BODY_SNIPPET_CHARS) }
      : {}),
  });
}

function parseErrorBody(text: string): { binanceCode?: number; msg?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const { code, msg } = parsed as { code?: unknown; msg?: unknown };
  return {
    ...(typeof code === 'number' && Number.isInteger(code) ? { binanceCode: code } : {}),
    ...(typeof msg === 'string' ? { msg } : {}),
  };
}

/** Reads `Retry-After` as delay seconds or an HTTP-date; returns ms from `nowMs`, or undefined if absent or unreadable. */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const dateMs = Date.parse(trimmed);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}
