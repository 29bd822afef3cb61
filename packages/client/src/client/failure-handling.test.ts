import type { ForcedResponse } from '@oi/binance-sim';
import { BinanceApiError, classifyFailure, IpBannedError, isBinanceApiError } from '@oi/retry';
import { afterEach, describe, expect, it } from 'vitest';
import type { OpenInterest } from '../parse/records.ts';
import { type SimHarness, startSimHarness } from '../test-support/sim-harness.ts';
import type { ClientEvent } from './client-events.ts';

let harness: SimHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const OI_PATH = '/fapi/v1/openInterest';

describe('transient failures are retried to success', () => {
  const cases: ReadonlyArray<readonly [string, ForcedResponse, string]> = [
    ['connection reset', { kind: 'reset' }, 'network'],
    ['500', { status: 500 }, 'execution-unknown'],
    ['502 HTML from the CDN', { status: 502 }, 'server-error'],
    ['503 unknown', { status: 503, variant: 'unknown' }, 'execution-unknown'],
    ['503 unavailable', { status: 503, variant: 'unavailable' }, 'execution-unknown'],
    ['408 backend timeout', { status: 408 }, 'timeout'],
    ['truncated body, connection aborted', { kind: 'truncated', truncation: 'abort' }, 'network'],
    ['truncated body, cleanly ended', { kind: 'truncated', truncation: 'clean' }, 'invalid-response'],
    ['stall (client timeout)', { kind: 'stall' }, 'timeout'],
  ];

  it.each(cases)('%s', async (_name, forced, reason) => {
    // Only the stall needs the client's timeout to fire; the other cases get room for a loaded machine.
    const timeoutMs = 'kind' in forced && forced.kind === 'stall' ? 300 : 5_000;
    harness = await startSimHarness({}, { timeoutMs });
    const { sim, client, events } = harness;
    sim.forceResponses({ ...forced, path: OI_PATH });
    const oi = await client.openInterest('BTCUSDT');
    expect(oi.openInterest).toBe(sim.truth.openInterestAt('BTCUSDT', oi.timeMs));
    expect(sim.requests().map((entry) => entry.path)).toEqual([OI_PATH, OI_PATH]);
    const retries = events.filter((event) => event.type === 'retry');
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 1, failure: { kind: 'retry', reason } });
  });

  it('gives up after maxAttempts with the last error', async () => {
    harness = await startSimHarness({}, { retry: { maxAttempts: 3 } });
    const { sim, client } = harness;
    sim.forceResponses({ status: 500, count: 5, path: OI_PATH });
    const error = await client.openInterest('BTCUSDT').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BinanceApiError);
    expect((error as BinanceApiError).status).toBe(500);
    expect(sim.requests()).toHaveLength(3);
  });
});

describe('fatal answers are sent exactly once', () => {
  const cases: ReadonlyArray<
    readonly [string, (h: SimHarness) => Promise<unknown>, ForcedResponse | undefined, string, number]
  > = [
    ['-1121 invalid symbol', (h) => h.client.openInterest('FOOUSDT'), undefined, 'invalid-symbol', 400],
    ['-4108 not tradable', (h) => h.client.openInterest('DELISTEDUSDT'), undefined, 'not-tradable', 400],
    [
      '-1130 beyond retention (single page)',
      (h) =>
        h.client.openInterestHistory({
          symbol: 'BTCUSDT',
          period: '5m',
          startTimeMs: h.clock.now() - 40 * 86_400_000,
          endTimeMs: h.clock.now() - 39 * 86_400_000,
        }),
      undefined,
      'beyond-retention',
      400,
    ],
    ['403 WAF', (h) => h.client.openInterest('BTCUSDT'), { status: 403 }, 'waf-blocked', 403],
    [
      '451 restricted location',
      (h) => h.client.openInterest('BTCUSDT'),
      { status: 451 },
      'restricted-location',
      451,
    ],
  ];

  it.each(cases)('%s', async (_name, call, forced, reason, status) => {
    harness = await startSimHarness();
    const { sim, events } = harness;
    if (forced !== undefined) sim.forceResponses(forced);
    const error = await call(harness).catch((e: unknown) => e);
    expect(isBinanceApiError(error)).toBe(true);
    expect((error as BinanceApiError).status).toBe(status);
    expect(classifyFailure(error)).toMatchObject({ kind: 'fatal', reason });
    expect(sim.requests()).toHaveLength(1);
    expect(events.filter((event) => event.type === 'retry')).toHaveLength(0);
  });

  it('names the answer and the request in the message', async () => {
    harness = await startSimHarness();
    await expect(harness.client.openInterest('FOO')).rejects.toThrow(
      'Binance answered 400 -1121 Invalid symbol.: GET /fapi/v1/openInterest?symbol=FOO',
    );
  });
});

describe('rate limits', () => {
  it('waits out a 429 per Retry-After, pausing its budget, then succeeds', async () => {
    harness = await startSimHarness();
    const { sim, client, events } = harness;
    sim.forceResponses({ status: 429, retryAfterSec: 30, path: OI_PATH });
    const oi = await client.openInterest('BTCUSDT');
    expect(oi.symbol).toBe('BTCUSDT');
    const log = sim.requests();
    expect(log.map((entry) => entry.status)).toEqual([429, 200]);
    expect((log[1]?.timeMs ?? 0) - (log[0]?.timeMs ?? 0)).toBeGreaterThanOrEqual(30_000);
    expect(events.find((event) => event.type === 'retry')).toMatchObject({
      delayMs: 30_000,
      failure: { kind: 'retry', reason: 'rate-limited', retryAfterMs: 30_000 },
    });
  });

  it('waits out a 418 within maxBanWaitMs: nothing at all is sent until it ends, then the failed request goes again', async () => {
    // The other requests are made the moment the ban is known, while the virtual clock is held.
    const events: ClientEvent[] = [];
    let bannedInSnapshot: number | undefined;
    let others: Promise<readonly unknown[]> | undefined;
    harness = await startSimHarness(
      {},
      {
        onEvent: (event) => {
          events.push(event);
          if (event.type !== 'banned' || others !== undefined || harness === undefined) return;
          const { client, clock } = harness;
          bannedInSnapshot = client.budgets.snapshot().bannedUntilMs;
          others = Promise.all([
            client.ping(),
            client.openInterest('ETHUSDT'),
            client.openInterestHistory({
              symbol: 'BTCUSDT',
              period: '5m',
              startTimeMs: clock.now() - 3_600_000,
              endTimeMs: clock.now(),
            }),
          ]);
        },
      },
    );
    const { sim, client } = harness;
    sim.forceResponses({ status: 418, bannedForMs: 600_000, path: OI_PATH });
    const first = await client.openInterest('BTCUSDT');
    const bannedUntilMs = sim.requests()[0]!.timeMs + 600_000;
    expect(events.find((event) => event.type === 'banned')).toMatchObject({ untilMs: bannedUntilMs });
    expect(bannedInSnapshot).toBe(bannedUntilMs);
    const [, eth] = (await others) as [void, OpenInterest, unknown];
    expect(first.symbol).toBe('BTCUSDT');
    expect(eth.symbol).toBe('ETHUSDT');
    const log = sim.requests();
    expect(log.map((entry) => entry.status)).toEqual([418, 200, 200, 200, 200]);
    expect(log.slice(1).every((entry) => entry.timeMs >= bannedUntilMs)).toBe(true);
    expect(events.find((event) => event.type === 'retry')).toMatchObject({
      delayMs: 600_000,
      failure: { kind: 'retry', reason: 'ip-banned', retryAfterMs: 600_000 },
    });
  });

  it('fails with IpBannedError when the ban outlasts maxBanWaitMs, and sends nothing more', async () => {
    harness = await startSimHarness({}, { maxBanWaitMs: 900_000 });
    const { sim, client } = harness;
    sim.forceResponses({ status: 418, bannedForMs: 3_600_000, path: OI_PATH });
    const error = await client.openInterest('BTCUSDT').catch((e: unknown) => e);
    const bannedUntilMs = sim.requests()[0]!.timeMs + 3_600_000;
    expect(error).toBeInstanceOf(IpBannedError);
    expect(error).toMatchObject({ code: 'IP_BANNED', bannedUntilMs, endpoint: `${OI_PATH}?symbol=BTCUSDT` });
    expect(classifyFailure(error)).toEqual({ kind: 'fatal', reason: 'ip-banned', bannedUntilMs });
    const next = await client.ping().catch((e: unknown) => e);
    expect(next).toBeInstanceOf(IpBannedError);
    expect((next as IpBannedError).bannedUntilMs).toBe(bannedUntilMs);
    expect(sim.requests()).toHaveLength(1);
  });
});
