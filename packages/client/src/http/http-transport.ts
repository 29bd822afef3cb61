import type { IncomingHttpHeaders } from 'node:http';
import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';
import { NetworkError, type RequestTarget, RequestTimeoutError } from '@oi/retry';
import { type Dispatcher, interceptors, request } from 'undici';
import { CLIENT_VERSION } from '../version.ts';
import { createDispatcher, type TlsSettings } from './create-dispatcher.ts';
import { type ProxySettings, selectProxy } from './proxy-settings.ts';
import { scrubSecrets } from './scrub-secrets.ts';

/** Options of {@link createHttpTransport}; read once, never changed afterwards. */
export interface HttpTransportOptions {
  /** Host (and optional path prefix) that every request path is appended to, e.g. `https://fapi.binance.com`. */
  readonly baseUrl: string | URL;
  /** Proxies (HTTP_PROXY, HTTPS_PROXY, SOCKS_PROXY, NO_PROXY as URL strings). @default none */
  readonly proxy?: ProxySettings;
  /** Extra TLS trust for the target and an https proxy. */
  readonly tls?: TlsSettings;
  /** A fetch to use instead of undici's (then `proxy` and `tls` are not applied). */
  readonly fetch?: typeof globalThis.fetch;
  /** User-Agent header. @default 'oi/<version>' */
  readonly userAgent?: string;
  /** Per-request timeout from sending to the last byte of the body, real ms. @default 10_000 */
  readonly timeoutMs?: number;
  /** Accept header. @default any media type */
  readonly accept?: string;
}

/** A complete HTTP answer of any status; the body is read to its end. */
export interface HttpAnswer {
  /** HTTP status code. */
  readonly status: number;
  /** Response headers. */
  readonly headers: Headers;
  /** The whole body. */
  readonly body: Uint8Array;
}

/** Sends GETs to one host with one proxy, TLS and timeout setting; never retries. */
export interface HttpTransport {
  /**
   * `GET <baseUrl><path>?<params>`. Resolves for every HTTP status (the caller decides what a status
   * means); throws `NetworkError` (connection failed, body cut short; no proxy credentials in the
   * cause), `RequestTimeoutError` (no whole answer within `timeoutMs`), or the reason of `signal`.
   */
  get(
    path: string,
    params: Readonly<Record<string, string>>,
    options?: { readonly signal?: AbortSignal },
  ): Promise<HttpAnswer>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Creates the transport; throws at once for a bad base URL, a bad proxy URL (`ProxyConfigError`) or
 * a timeout that is not positive.
 *
 * undici is called directly (`request`), with no HTTP library on top: retries belong to
 * `retryWithPolicy` of `@oi/retry` alone, because every attempt must take its rate budget again, a
 * truncated body must be retried like a reset, a 418 must pause every request and waits must run on
 * the injected clock. A library's own retry loop can do none of these, and what would remain of it
 * (a URL prefix, a timeout that ends before the body is read) is a few lines here.
 */
export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const baseUrl = new URL(options.baseUrl);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${timeoutMs}`);
  const proxy = options.proxy ?? {};
  const headers = {
    'user-agent': options.userAgent ?? `oi/${CLIENT_VERSION}`,
    accept: options.accept ?? '*/*',
  };
  const proxyChoice = selectProxy(baseUrl, proxy);
  const secrets = collectSecrets(proxy);
  const send = createSend(options.fetch, () => createDispatcher(proxyChoice, options.tls));
  const prefix = baseUrl.pathname.replace(/\/+$/, '');

  return Object.freeze({
    async get(
      path: string,
      params: Readonly<Record<string, string>>,
      getOptions: { readonly signal?: AbortSignal } = {},
    ): Promise<HttpAnswer> {
      const { signal } = getOptions;
      signal?.throwIfAborted();
      const target: RequestTarget = {
        method: 'GET',
        endpoint: formatEndpoint(path, params),
        origin: baseUrl.origin,
      };
      const url = new URL(baseUrl);
      url.pathname = `${prefix}${path.startsWith('/') ? path : `/${path}`}`;
      url.search = new URLSearchParams(params).toString();
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(), timeoutMs);
      const attemptSignal = signal === undefined ? timeout.signal : AbortSignal.any([signal, timeout.signal]);
      try {
        // One timer covers the headers and the whole body: a stall half way through the body is a
        // timeout like any other.
        const response = await send(url.href, { method: 'GET', headers, signal: attemptSignal });
        const body = new Uint8Array(await response.arrayBuffer());
        return Object.freeze({ status: response.status, headers: new Headers([...response.headers]), body });
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (timeout.signal.aborted) throw new RequestTimeoutError({ ...target, timeoutMs });
        throw new NetworkError({ ...target, cause: scrubSecrets(error, secrets) });
      } finally {
        clearTimeout(timer);
      }
    },
  });
}

/** Path and query as the errors and events name a request: `/fapi/v1/openInterest?symbol=BTCUSDT`. */
export function formatEndpoint(path: string, params: Readonly<Record<string, string>>): string {
  const query = new URLSearchParams(params).toString();
  return query === '' ? path : `${path}?${query}`;
}

/** The part of a fetch Response the transport reads; both undici's and the global one have it. */
interface FetchedResponse {
  readonly status: number;
  readonly headers: Iterable<[string, string]>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

type Send = (
  url: string,
  init: { method: 'GET'; headers: Record<string, string>; signal: AbortSignal },
) => Promise<FetchedResponse>;

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

// undici's `request`, not its `fetch`: about half the CPU time and garbage per request (a live tick
// sends hundreds at once, a patrol thousands of archive downloads). What fetch did is kept: redirects
// followed (an interceptor), gzip and deflate asked for and decompressed.
function createSend(customFetch: typeof globalThis.fetch | undefined, dispatcher: () => Dispatcher): Send {
  if (customFetch !== undefined) return (url, init) => customFetch(url, init);
  const chosen = dispatcher().compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTIONS }));
  return async (url, init) => {
    const answer = await request(url, {
      method: init.method,
      headers: { ...init.headers, 'accept-encoding': 'gzip, deflate' },
      signal: init.signal,
      dispatcher: chosen,
    });
    const encoding = String(answer.headers['content-encoding'] ?? '')
      .trim()
      .toLowerCase();
    return {
      status: answer.statusCode,
      headers: headerPairs(answer.headers),
      arrayBuffer: async () => {
        const body = await answer.body.arrayBuffer();
        if (encoding === 'gzip' || encoding === 'x-gzip') return toArrayBuffer(await gunzipAsync(body));
        if (encoding === 'deflate') return toArrayBuffer(await inflateAsync(body));
        return body;
      },
    };
  };
}

function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Redirects followed, as many as fetch follows. */
const MAX_REDIRECTIONS = 20;

/** Header pairs as fetch's Headers are built from: a repeated header once per value. */
function headerPairs(headers: IncomingHttpHeaders): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (typeof value === 'string') pairs.push([name, value]);
    else for (const each of value) pairs.push([name, each]);
  }
  return pairs;
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
