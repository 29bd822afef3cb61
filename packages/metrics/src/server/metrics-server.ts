import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CollectorMetrics } from '../collector-metrics.ts';
import { MetricsServerError } from '../errors.ts';
import type { HealthRules } from '../health/evaluate-health.ts';

/** Options of {@link startMetricsServer}. */
export interface MetricsServerOptions {
  /** TCP port; 0 picks a free one (see {@link MetricsServer.url}). */
  readonly port: number;
  /**
   * Address to bind. Loopback by default, so the counters are not published by accident; a
   * container passes `0.0.0.0` and publishes the port itself.
   * @default '127.0.0.1'
   */
  readonly host?: string;
  /** What `/metrics` shows and `/healthz` judges. */
  readonly metrics: Pick<CollectorMetrics, 'render' | 'contentType' | 'checkHealth'>;
  /** Thresholds of `/healthz`. @default the defaults of each rule */
  readonly health?: HealthRules;
  /** Receives errors the server meets once listening (e.g. too many open files); it keeps serving. */
  readonly onError?: (error: Error) => void;
}

/** A running metrics server. */
export interface MetricsServer {
  /** The bound base URL, e.g. `http://127.0.0.1:9464`; `/metrics` and `/healthz` hang off it. */
  readonly url: string;
  /** The bound port (the one chosen when 0 was asked). */
  readonly port: number;
  /** Stops listening and drops open connections (a scraper's keep-alive would hold the close). */
  close(): Promise<void>;
}

const DEFAULT_HOST = '127.0.0.1';
const METHODS = 'GET, HEAD';

function send(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>>,
  body: string,
): void {
  response.writeHead(status, {
    ...headers,
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

async function answer(
  request: IncomingMessage,
  response: ServerResponse,
  options: MetricsServerOptions,
): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  const text = { 'content-type': 'text/plain; charset=utf-8' };
  if (path !== '/metrics' && path !== '/healthz') {
    send(request, response, 404, text, 'not found: try /metrics or /healthz\n');
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    send(request, response, 405, { ...text, allow: METHODS }, `method not allowed: ${METHODS}\n`);
    return;
  }
  if (path === '/metrics') {
    const body = await options.metrics.render();
    send(request, response, 200, { 'content-type': options.metrics.contentType }, body);
    return;
  }
  const report = options.metrics.checkHealth(options.health);
  send(
    request,
    response,
    report.ok ? 200 : 503,
    { 'content-type': 'application/json; charset=utf-8' },
    `${JSON.stringify(report)}\n`,
  );
}

function assertOptions(port: number, host: string): void {
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new MetricsServerError(
      'METRICS_OPTION_INVALID',
      `invalid metrics port: expected an integer 0-65535, found ${JSON.stringify(port)}`,
    );
  }
  if (host.trim() === '') {
    throw new MetricsServerError(
      'METRICS_OPTION_INVALID',
      'invalid metrics host: expected an address, found ""',
    );
  }
}

/** Formats a bound address as a URL host, with brackets for IPv6. */
function urlHost(address: AddressInfo): string {
  return address.family === 'IPv6' ? `[${address.address}]` : address.address;
}

/**
 * Serves Prometheus text on `/metrics` and the health check on `/healthz` (200 `{"ok":true,...}`,
 * or 503 `{"ok":false,"reason":"..."}`). Resolves once listening; throws MetricsServerError when the
 * options are invalid or the port cannot be bound.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const host = options.host ?? DEFAULT_HOST;
  assertOptions(options.port, host);
  const server = createServer((request, response) => {
    answer(request, response, options).catch((error: unknown) => {
      // A failed scrape is the scraper's to see: a 500 with the reason, and the server stays up.
      const message = error instanceof Error ? error.message : String(error);
      if (!response.headersSent) {
        send(request, response, 500, { 'content-type': 'text/plain; charset=utf-8' }, `${message}\n`);
      } else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        new MetricsServerError(
          'METRICS_LISTEN_FAILED',
          `cannot serve metrics on ${host}:${options.port}: ${error.code ?? error.message}`,
          { cause: error },
        ),
      );
    };
    server.once('error', onError);
    server.listen(options.port, host, () => {
      server.off('error', onError);
      // Without a listener an 'error' event would end the process; metrics must never stop collection.
      server.on('error', (error) => options.onError?.(error));
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${urlHost(address)}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}
