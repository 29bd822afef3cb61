import { startSimulator } from '@oi/binance-sim';
import { isNetworkError } from '@oi/retry';
import { afterEach, describe, expect, it } from 'vitest';
import { createBinanceClient } from '../client/binance-client.ts';
import type { ClientEvent } from '../client/client-events.ts';
import { startHttpProxy } from '../test-support/http-proxy-server.ts';
import { startHttpsFront } from '../test-support/https-front.ts';
import { startSocks5Server } from '../test-support/socks5-server.ts';
import { maskCredentials, matchesNoProxy, ProxyConfigError, selectProxy } from './proxy-settings.ts';

const PASSWORD = 's3cr%40t-Pa55';
const DECODED_PASSWORD = 's3cr@t-Pa55';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

async function sim() {
  const simulator = await startSimulator({ seed: 5 });
  closers.push(() => simulator.close());
  return simulator;
}

/** Everything the client said, stringified, to prove the password never appears. */
function expectNoSecret(events: readonly ClientEvent[], ...more: unknown[]): void {
  const text =
    JSON.stringify(events) +
    more
      .map((item) =>
        item instanceof Error ? `${item.message} ${item.stack} ${String(item.cause)}` : String(item),
      )
      .join(' ');
  expect(text).not.toContain(PASSWORD);
  expect(text).not.toContain(DECODED_PASSWORD);
  expect(text).not.toContain(Buffer.from(`oi:${DECODED_PASSWORD}`).toString('base64'));
}

describe('proxies (real local servers)', () => {
  it('sends plain-http requests through an HTTP proxy with credentials', async () => {
    const simulator = await sim();
    const proxy = await startHttpProxy({ user: 'oi', password: DECODED_PASSWORD });
    closers.push(() => proxy.close());
    const events: ClientEvent[] = [];
    const client = createBinanceClient({
      baseUrl: simulator.url,
      proxy: { httpProxy: `http://oi:${PASSWORD}@127.0.0.1:${proxy.port}` },
      onEvent: (event) => events.push(event),
    });
    const oi = await client.openInterest('BTCUSDT');
    await client.ping();
    expect(oi.symbol).toBe('BTCUSDT');
    expect(proxy.forwarded()).toBe(2);
    expect(simulator.requests()).toHaveLength(2);
    expectNoSecret(events);
  });

  it('tunnels an https target through CONNECT, trusting a test CA', async () => {
    const simulator = await sim();
    const front = await startHttpsFront(simulator.url);
    closers.push(() => front.close());
    const proxy = await startHttpProxy({ user: 'oi', password: DECODED_PASSWORD });
    closers.push(() => proxy.close());
    const client = createBinanceClient({
      baseUrl: front.url,
      proxy: { httpsProxy: `http://oi:${PASSWORD}@127.0.0.1:${proxy.port}` },
      tls: { ca: front.caPem },
    });
    const beforeMs = simulator.serverTimeMs();
    const serverTimeMs = await client.serverTime();
    expect(serverTimeMs).toBeGreaterThanOrEqual(beforeMs);
    expect(serverTimeMs).toBeLessThanOrEqual(simulator.serverTimeMs());
    expect(proxy.tunnels()).toBe(1);
    expect(proxy.forwarded()).toBe(0);
    expect(simulator.requests()).toHaveLength(1);

    // Without the CA the certificate is refused, and the failure names no secret.
    const untrusting = createBinanceClient({
      baseUrl: front.url,
      proxy: { httpsProxy: `http://oi:${PASSWORD}@127.0.0.1:${proxy.port}` },
      retry: { maxAttempts: 1 },
    });
    const error = await untrusting.ping().catch((e: unknown) => e);
    expect(isNetworkError(error)).toBe(true);
    expectNoSecret([], error);
  });

  it('goes through a SOCKS5 server with user and password, and socksProxy wins over the HTTP proxies', async () => {
    const simulator = await sim();
    const socks = await startSocks5Server('oi', DECODED_PASSWORD);
    closers.push(() => socks.close());
    const proxy = await startHttpProxy();
    closers.push(() => proxy.close());
    const events: ClientEvent[] = [];
    const client = createBinanceClient({
      baseUrl: simulator.url,
      proxy: {
        socksProxy: `socks5h://oi:${PASSWORD}@127.0.0.1:${socks.port}`,
        httpProxy: proxy.url,
      },
      onEvent: (event) => events.push(event),
    });
    const info = await client.exchangeInfo();
    expect(info.symbols.length).toBeGreaterThan(0);
    expect(socks.connections()).toBe(1);
    expect(proxy.forwarded() + proxy.tunnels()).toBe(0);
    expect(simulator.requests()).toHaveLength(1);
    expectNoSecret(events);
  });

  it('reports a refused SOCKS login as a network error without the password', async () => {
    const simulator = await sim();
    const socks = await startSocks5Server('oi', 'another-password');
    closers.push(() => socks.close());
    const events: ClientEvent[] = [];
    const client = createBinanceClient({
      baseUrl: simulator.url,
      proxy: { socksProxy: `socks5://oi:${PASSWORD}@127.0.0.1:${socks.port}` },
      retry: { maxAttempts: 2, baseDelayMs: 1 },
      onEvent: (event) => events.push(event),
    });
    const error = await client.ping().catch((e: unknown) => e);
    expect(isNetworkError(error)).toBe(true);
    expect(socks.refused()).toBe(2);
    expect(simulator.requests()).toHaveLength(0);
    expect(events.some((event) => event.type === 'retry')).toBe(true);
    expectNoSecret(events, error);
  });

  it('honours NO_PROXY', async () => {
    const simulator = await sim();
    const proxy = await startHttpProxy();
    closers.push(() => proxy.close());
    const client = createBinanceClient({
      baseUrl: simulator.url,
      proxy: { httpProxy: proxy.url, noProxy: 'example.com, 127.0.0.1' },
    });
    await client.ping();
    expect(proxy.forwarded()).toBe(0);
    expect(simulator.requests()).toHaveLength(1);
  });
});

describe('proxy settings', () => {
  const https = new URL('https://fapi.binance.com');
  const http = new URL('http://127.0.0.1:8080');

  it.each([
    ['nothing set', {}, https, 'direct'],
    [
      'https target uses httpsProxy',
      { httpsProxy: 'http://a:1', httpProxy: 'http://b:2' },
      https,
      'http://a:1',
    ],
    ['https target falls back to httpProxy', { httpProxy: 'http://b:2' }, https, 'http://b:2'],
    ['http target ignores httpsProxy', { httpsProxy: 'http://a:1' }, http, 'direct'],
    ['socks wins', { socksProxy: 'socks5://s:3', httpsProxy: 'http://a:1' }, https, 'socks5://s:3'],
    ['NO_PROXY wins over socks', { socksProxy: 'socks5://s:3', noProxy: '.binance.com' }, https, 'direct'],
    ['blank values are unset', { httpsProxy: ' ' }, https, 'direct'],
  ] as const)('%s', (_name, settings, target, expected) => {
    const choice = selectProxy(target, settings);
    expect(choice.kind === 'direct' ? 'direct' : `${choice.url.protocol}//${choice.url.host}`).toBe(expected);
  });

  it.each([
    ['*', 'https://fapi.binance.com', true],
    ['fapi.binance.com', 'https://fapi.binance.com', true],
    ['binance.com', 'https://fapi.binance.com', true],
    ['.binance.com', 'https://fapi.binance.com', true],
    ['.binance.com', 'https://binance.com', true],
    ['inance.com', 'https://fapi.binance.com', false],
    ['fapi.binance.com:443', 'https://fapi.binance.com', true],
    ['fapi.binance.com:8443', 'https://fapi.binance.com', false],
    ['127.0.0.1:8080', 'http://127.0.0.1:8080', true],
    ['localhost, 10.0.0.1', 'http://127.0.0.1:8080', false],
    ['LOCALHOST', 'http://localhost:1', true],
    ['', 'http://localhost:1', false],
  ] as const)('NO_PROXY %j for %s is %s', (noProxy, target, expected) => {
    expect(matchesNoProxy(new URL(target), noProxy)).toBe(expected);
  });

  it('rejects an unusable proxy URL at construction, with the password masked', () => {
    const cases = [
      { httpProxy: 'not a url' },
      { httpsProxy: 'ftp://u:hunter2@host:21' },
      { socksProxy: 'http://u:hunter2@host:1080' },
      { httpProxy: 'http://u:hunter2@host:3128/path' },
    ];
    for (const proxy of cases) {
      let error: unknown;
      try {
        createBinanceClient({ proxy });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ProxyConfigError);
      expect((error as Error).message).not.toContain('hunter2');
    }
    expect(() =>
      createBinanceClient({ proxy: { socksProxy: 'socks5://u:hunter2@host:1080' } }),
    ).not.toThrow();
  });

  it('masks credentials in text', () => {
    expect(maskCredentials('http://user:pa55@10.0.0.1:3128')).toBe('http://user:***@10.0.0.1:3128');
    expect(maskCredentials('via socks5h://me:x%40y@h:1 and http://h:2')).toBe(
      'via socks5h://me:***@h:1 and http://h:2',
    );
  });
});
