import { request } from 'node:http';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { ClientEvent } from '@oi/client';
import { hasErrorCode } from '@oi/errors';
import type { CollectorEvent } from '@oi/recovery';
import { afterEach, describe, expect, it } from 'vitest';
import { createCollectorMetrics } from '../collector-metrics.ts';
import { MetricsServerError } from '../errors.ts';
import { parseExposition, sampleValue } from '../test-support/parse-exposition.ts';
import { type MetricsServer, type MetricsServerOptions, startMetricsServer } from './metrics-server.ts';

const START = 1_700_000_010_000;
const open: MetricsServer[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

async function start(options: MetricsServerOptions): Promise<MetricsServer> {
  const server = await startMetricsServer(options);
  open.push(server);
  return server;
}

function virtualClock() {
  let nowMs = START;
  return {
    now: () => nowMs,
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
}

function tick(minuteMs: number, rows: number, failures: number): CollectorEvent {
  return {
    type: 'tick-done',
    minuteMs,
    durationMs: 500,
    rows,
    failures,
    failedSymbols: [],
    markPriceMissing: false,
    weightUsed: null,
    interrupted: false,
  };
}

async function health(server: MetricsServer): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}/healthz`);
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  return { status: response.status, body: await response.json() };
}

/** An IPv4 address of this machine other than loopback, if it has one. */
function externalIPv4(): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) return address.address;
    }
  }
  return undefined;
}

describe('startMetricsServer', () => {
  it('binds loopback by default and serves /metrics as Prometheus text with what the events said', async () => {
    const metrics = createCollectorMetrics();
    const server = await start({ port: 0, metrics });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);

    metrics.observeCollectorEvent(tick(START - 10_000, 15, 0));
    const answer: ClientEvent = {
      type: 'response',
      market: 'um',
      method: 'GET',
      endpoint: '/fapi/v1/openInterest?symbol=BTCUSDT',
      attempt: 1,
      priority: 'live',
      status: 200,
      durationMs: 40,
    };
    metrics.observeClientEvent(answer);
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = parseExposition(await response.text());
    expect(sampleValue(families, 'oi_ticks_total', { outcome: 'ok' })).toBe(1);
    expect(sampleValue(families, 'oi_rows_written_total', { series: '1m', source: 'api' })).toBe(15);
    expect(
      sampleValue(families, 'oi_http_requests_total', { endpoint: '/fapi/v1/openInterest', status: '200' }),
    ).toBe(1);
    expect(families.get('process_resident_memory_bytes')?.type).toBe('gauge');

    const external = externalIPv4();
    if (external !== undefined) {
      await expect(fetch(`http://${external}:${server.port}/metrics`)).rejects.toThrow();
    }
  });

  it('answers /healthz 503 when ticks stop and 200 again when they resume', async () => {
    const clock = virtualClock();
    const metrics = createCollectorMetrics({ clock, processMetrics: false });
    const server = await start({ port: 0, metrics });

    clock.advance(30_000);
    expect(await health(server)).toEqual({
      status: 200,
      body: { ok: true, lastTickAgeSeconds: null, sinkLagSeconds: null },
    });
    metrics.observeCollectorEvent(tick(START, 15, 0));
    clock.advance(60_000);
    metrics.observeCollectorEvent(tick(START + 60_000, 15, 0));

    // The exchange stops answering: ticks go on, and fail.
    for (let minute = 2; minute <= 4; minute += 1) {
      clock.advance(60_000);
      metrics.observeCollectorEvent(tick(START + minute * 60_000, 0, 15));
    }
    expect(await health(server)).toEqual({
      status: 503,
      body: {
        ok: false,
        reason: 'no successful tick for 180 s (limit 150 s)',
        lastTickAgeSeconds: 180,
        sinkLagSeconds: null,
      },
    });

    clock.advance(60_000);
    metrics.observeCollectorEvent(tick(START + 300_000, 15, 0));
    expect(await health(server)).toEqual({
      status: 200,
      body: { ok: true, lastTickAgeSeconds: 0, sinkLagSeconds: null },
    });
  });

  it('answers 503 while the sink lags, and applies the rules it was given', async () => {
    const clock = virtualClock();
    const metrics = createCollectorMetrics({ clock, processMetrics: false });
    const server = await start({ port: 0, metrics, health: { maxTickAgeMs: 60_000, maxSinkLagMs: 10_000 } });
    metrics.observeCollectorEvent(tick(START, 15, 0));
    metrics.setSinkLag('1m', { rows: 45, lagMs: 12_000 });
    expect(await health(server)).toEqual({
      status: 503,
      body: {
        ok: false,
        reason: 'sink 1m lags 12 s behind the files (limit 10 s)',
        lastTickAgeSeconds: 0,
        sinkLagSeconds: 12,
      },
    });
    metrics.setSinkLag('1m', { rows: 0, lagMs: 0 });
    clock.advance(61_000);
    expect((await health(server)).body).toMatchObject({
      ok: false,
      reason: 'no successful tick for 61 s (limit 60 s)',
    });
  });

  it('answers HEAD, 404 and 405 plainly, and 500 when rendering fails while /healthz goes on', async () => {
    const metrics = createCollectorMetrics({ processMetrics: false });
    const failing = {
      ...metrics,
      contentType: metrics.contentType,
      render: () => Promise.reject(new Error('ledger closed')),
    };
    const server = await start({ port: 0, metrics: failing });

    const head = await fetch(`${server.url}/healthz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const missing = await fetch(`${server.url}/`);
    expect([missing.status, await missing.text()]).toEqual([404, 'not found: try /metrics or /healthz\n']);
    const post = await fetch(`${server.url}/metrics`, { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    await post.text();
    const broken = await fetch(`${server.url}/metrics?x=1`);
    expect([broken.status, await broken.text()]).toEqual([500, 'ledger closed\n']);
    expect((await health(server)).status).toBe(200);
  });

  it('refuses a bad port, and reports a port in use as METRICS_LISTEN_FAILED', async () => {
    const metrics = createCollectorMetrics({ processMetrics: false });
    for (const port of [-1, 65_536, 1.5, Number.NaN]) {
      await expect(start({ port, metrics })).rejects.toSatisfy(
        (error) => error instanceof MetricsServerError && hasErrorCode(error, 'METRICS_OPTION_INVALID'),
      );
    }
    await expect(start({ port: 0, host: ' ', metrics })).rejects.toSatisfy((error) =>
      hasErrorCode(error, 'METRICS_OPTION_INVALID'),
    );

    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const failure = await start({ port, metrics }).catch((error: unknown) => error);
      expect(hasErrorCode(failure, 'METRICS_LISTEN_FAILED')).toBe(true);
      expect((failure as Error).message).toBe(`cannot serve metrics on 127.0.0.1:${port}: EADDRINUSE`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('closes while a scraper holds a keep-alive connection open', async () => {
    const server = await startMetricsServer({
      port: 0,
      metrics: createCollectorMetrics({ processMetrics: false }),
    });
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const call = request(`${server.url}/healthz`, { headers: { connection: 'keep-alive' } }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode));
      });
      call.on('error', reject);
      call.end();
    });
    expect(status).toBe(200);
    await server.close();
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
