import { afterEach, describe, expect, it } from 'vitest';
import { createVirtualClock, type VirtualClock } from '../clock/virtual-clock.ts';
import { type Simulator, type SimulatorOptions, startSimulator } from '../simulator.ts';
import { getText } from '../test-support/http.ts';

const START = Date.UTC(2026, 0, 15, 12, 0, 10);
const WEIGHT = 'x-mbx-used-weight-1m';
const HIST = '/futures/data/openInterestHist?symbol=BTCUSDT&period=5m&limit=1';
const BANNED =
  /^Way too many requests; IP\(127\.0\.0\.1\) banned until (\d+)\. Please use the websocket for live updates to avoid bans\.$/;

let sim: Simulator | undefined;
let clock: VirtualClock;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function open(options: SimulatorOptions = {}): Promise<Simulator> {
  clock = createVirtualClock({ startMs: START, auto: false });
  sim = await startSimulator({ clock, ...options });
  return sim;
}

const ping = () => getText(sim!.url, '/fapi/v1/ping');

describe('rate limits', () => {
  it('[1.2] X-MBX-USED-WEIGHT-1M on every /fapi answer (errors too), counting the window', async () => {
    await open();
    expect((await ping()).headers.get(WEIGHT)).toBe('1');
    expect((await getText(sim!.url, '/fapi/v1/premiumIndex')).headers.get(WEIGHT)).toBe('11');
    const error = await getText(sim!.url, '/fapi/v1/openInterest?symbol=NOPE');
    expect(error.status).toBe(400);
    expect(error.headers.get(WEIGHT)).toBe('12');
    expect(sim!.budgets()).toMatchObject({
      weightUsed: 12,
      weightLimit: 2400,
      weightWindowEndsMs: START - 10_000 + 60_000,
    });
  });

  it('[1.2] /futures/data answers carry no weight header and do not use request weight', async () => {
    await open();
    await ping();
    const hist = await getText(sim!.url, HIST);
    expect(hist.status).toBe(200);
    expect(hist.headers.get(WEIGHT)).toBeNull();
    expect([...hist.headers.keys()].some((key) => key.startsWith('x-mbx'))).toBe(false);
    expect((await ping()).headers.get(WEIGHT)).toBe('2');
    expect(sim!.budgets()).toMatchObject({ historyUsed: 1, historyLimit: 1000, weightUsed: 2 });
  });

  it('[1.2] the weight window is fixed and aligned to the server clock: it resets at the minute', async () => {
    await open();
    await ping();
    await ping();
    await clock.advance(49_999);
    expect((await ping()).headers.get(WEIGHT)).toBe('3');
    await clock.advance(1);
    expect((await ping()).headers.get(WEIGHT)).toBe('1');
  });

  it('[1.2] exceeding the weight budget: 429 -1003 with Retry-After until the window ends', async () => {
    await open({ limits: { weightPerWindow: 20 } });
    expect((await getText(sim!.url, '/fapi/v1/premiumIndex')).status).toBe(200);
    expect((await getText(sim!.url, '/fapi/v1/premiumIndex')).status).toBe(200);
    const limited = await ping();
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({
      code: -1003,
      msg: 'Too many requests; current limit of IP(127.0.0.1) is 20 requests per minute. Please use the websocket for live updates to avoid polling the API.',
    });
    expect(limited.headers.get('retry-after')).toBe('50');
    expect(limited.headers.get(WEIGHT)).toBe('21');
    await clock.advance(10_500);
    expect((await ping()).headers.get('retry-after')).toBe('40');
    // History has its own budget and is not affected.
    expect((await getText(sim!.url, HIST)).status).toBe(200);
    await clock.advance(39_500);
    const fresh = await ping();
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get(WEIGHT)).toBe('1');
  });

  it('[1.2] the /futures/data budget: N requests per window, then 429 with Retry-After, separate from weight', async () => {
    await open({ limits: { historyRequestsPerWindow: 3, historyWindowMs: 300_000 } });
    for (let i = 0; i < 3; i += 1) expect((await getText(sim!.url, HIST)).status).toBe(200);
    const limited = await getText(sim!.url, HIST);
    expect(limited.status).toBe(429);
    expect((limited.json as { code: number }).code).toBe(-1003);
    expect(limited.headers.get(WEIGHT)).toBeNull();
    // 12:00:10 -> window 12:00-12:05 ends in 290 s.
    expect(limited.headers.get('retry-after')).toBe('290');
    expect(sim!.budgets()).toMatchObject({
      historyUsed: 4,
      historyLimit: 3,
      historyWindowEndsMs: START - 10_000 + 300_000,
    });
    expect((await ping()).status).toBe(200);
    await clock.advance(290_000);
    expect((await getText(sim!.url, HIST)).status).toBe(200);
  });

  it('[1.2] continuing after a 429 escalates to 418 "banned until <ms>", every request refused until then', async () => {
    await open({ limits: { weightPerWindow: 2, requestsAfter429BeforeBan: 2, banMs: 120_000 } });
    await ping();
    await ping();
    expect((await ping()).status).toBe(429);
    expect((await ping()).status).toBe(429);
    expect((await ping()).status).toBe(429);
    const banned = await ping();
    expect(banned.status).toBe(418);
    const { code, msg } = banned.json as { code: number; msg: string };
    expect(code).toBe(-1003);
    const until = Number(BANNED.exec(msg)?.[1]);
    expect(until).toBe(START + 120_000);
    expect(banned.headers.get('retry-after')).toBe('120');
    expect(sim!.budgets().bannedUntilMs).toBe(until);
    // The ban covers every endpoint, including /futures/data, and outlives the weight window.
    await clock.advance(119_999);
    const still = await getText(sim!.url, HIST);
    expect(still.status).toBe(418);
    expect(still.headers.get('retry-after')).toBe('1');
    expect(Number(BANNED.exec((still.json as { msg: string }).msg)?.[1])).toBe(until);
    expect((await ping()).status).toBe(418);
    await clock.advance(1);
    expect((await ping()).status).toBe(200);
    expect(sim!.budgets().bannedUntilMs).toBe(0);
  });

  it('[1.2] bans escalate for repeat offenders (doubling, capped)', async () => {
    await open({
      limits: { weightPerWindow: 1, requestsAfter429BeforeBan: 0, banMs: 60_000, maxBanMs: 200_000 },
    });
    const lengths: number[] = [];
    for (let offence = 0; offence < 4; offence += 1) {
      await clock.advance(60_000 - (clock.now() % 60_000));
      await ping();
      expect((await ping()).status).toBe(429);
      const banned = await ping();
      expect(banned.status).toBe(418);
      const until = Number(BANNED.exec((banned.json as { msg: string }).msg)?.[1]);
      lengths.push(until - clock.now());
      await clock.advance(until - clock.now());
    }
    expect(lengths).toEqual([60_000, 120_000, 200_000, 200_000]);
    expect(sim!.budgets().banCount).toBe(4);
  });

  it('[1.2] persisting on the /futures/data budget also gets the IP banned', async () => {
    await open({ limits: { historyRequestsPerWindow: 1, requestsAfter429BeforeBan: 1 } });
    expect((await getText(sim!.url, HIST)).status).toBe(200);
    expect((await getText(sim!.url, HIST)).status).toBe(429);
    expect((await getText(sim!.url, HIST)).status).toBe(429);
    expect((await getText(sim!.url, HIST)).status).toBe(418);
    expect((await ping()).status).toBe(418);
  });
});
