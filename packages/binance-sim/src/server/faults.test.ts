import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createVirtualClock, type VirtualClock } from '../clock/virtual-clock.ts';
import { type Simulator, type SimulatorOptions, startSimulator } from '../simulator.ts';
import { getText, track, waitUntil } from '../test-support/http.ts';
import { drawFault, type FaultKind } from './faults.ts';

const START = Date.UTC(2026, 0, 15, 12, 0, 10);
const OI = '/fapi/v1/openInterest?symbol=BTCUSDT';
const WEIGHT = 'x-mbx-used-weight-1m';

const opened: Simulator[] = [];
let clock: VirtualClock;

afterEach(async () => {
  await Promise.all(opened.splice(0).map((sim) => sim.close()));
});

async function open(options: SimulatorOptions = {}, auto = false): Promise<Simulator> {
  clock = createVirtualClock({ startMs: START, auto });
  const sim = await startSimulator({ clock, ...options });
  opened.push(sim);
  return sim;
}

const only = (kind: FaultKind): SimulatorOptions => ({ faults: { rate: 1, kinds: { [kind]: 1 } } });

describe('random faults', () => {
  it('[1.1] http500: 500 JSON -1000, weight charged, marked in the log', async () => {
    const sim = await open(only('http500'));
    const res = await getText(sim.url, OI);
    expect(res.status).toBe(500);
    expect((res.json as { code: number }).code).toBe(-1000);
    expect(res.headers.get(WEIGHT)).toBe('1');
    expect(sim.requests()[0]).toMatchObject({ status: 500, fault: 'http500', weight: 1 });
  });

  it('[1.1] http502: an HTML page from the CDN, no weight header', async () => {
    const sim = await open(only('http502'));
    const res = await getText(sim.url, OI);
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.text).toContain('502 Bad Gateway');
    expect(res.json).toBeUndefined();
    expect(res.headers.get(WEIGHT)).toBeNull();
    expect(sim.requests()[0]).toMatchObject({ fault: 'http502', weight: 0 });
  });

  it('[1.1] unknown503: execution status unknown, charged', async () => {
    const sim = await open(only('unknown503'));
    const res = await getText(sim.url, OI);
    expect(res.status).toBe(503);
    expect((res.json as { msg: string }).msg).toBe(
      'Unknown error, please check your request or try again later.',
    );
    expect(sim.budgets().weightUsed).toBe(1);
  });

  it('[1.1] unavailable503: "Service Unavailable.", not charged', async () => {
    const sim = await open(only('unavailable503'));
    const res = await getText(sim.url, OI);
    expect(res.status).toBe(503);
    expect((res.json as { msg: string }).msg).toBe('Service Unavailable.');
    expect(sim.budgets().weightUsed).toBe(0);
  });

  it('[1.1] waf403: HTML body, not JSON', async () => {
    const sim = await open(only('waf403'));
    const res = await getText(sim.url, OI);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.text).toContain('403 ERROR');
    expect(res.json).toBeUndefined();
  });

  it('[1.1] reset: the socket is destroyed before any response', async () => {
    const sim = await open(only('reset'));
    await expect(fetch(sim.url + OI)).rejects.toThrow();
    expect(sim.requests()[0]).toMatchObject({ status: 0, fault: 'reset' });
  });

  it('[1.1] truncated: valid headers, the body cut in the middle', async () => {
    const sim = await open({ faults: { rate: 1, kinds: { truncated: 1 }, seed: 5 } });
    let cleanSeen = false;
    let abortSeen = false;
    for (let i = 0; i < 12; i += 1) {
      const res = await fetch(`${sim.url}/fapi/v1/premiumIndex?symbol=BTCUSDT`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      try {
        const text = await res.text();
        cleanSeen = true;
        expect(text.startsWith('{"symbol":"BTCUSDT"')).toBe(true);
        expect(() => JSON.parse(text)).toThrow(SyntaxError);
      } catch (error) {
        if (error instanceof SyntaxError || (error as Error).name === 'AssertionError') throw error;
        abortSeen = true;
      }
    }
    expect(cleanSeen && abortSeen).toBe(true);
    expect(sim.requests().every((entry) => entry.fault === 'truncated')).toBe(true);
  });

  it('[1.1] stall: accepted and never answered until close()', async () => {
    const sim = await open(only('stall'));
    const pending = track(fetch(sim.url + OI));
    await waitUntil(() => sim.requests().length === 1, 'the stalled request to be logged');
    expect(sim.requests()[0]).toMatchObject({ status: 0, fault: 'stall' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(pending.settled()).toBe(false);
    await sim.close();
    await expect(pending.promise).rejects.toThrow();
  });

  it('[1.1] latency: a correct answer after the extra delay, waited on the clock', async () => {
    const sim = await open({ faults: { rate: 1, kinds: { latency: 1 }, maxLatencyMs: 5000 } });
    const expected = drawFault({ rate: 1, kinds: { latency: 1 }, maxLatencyMs: 5000 }, sim.seed, 0)!;
    expect(expected.latencyMs).toBeGreaterThan(0);
    const pending = track(getText(sim.url, OI));
    await waitUntil(() => clock.pendingTimers() === 1, 'the latency timer');
    await clock.advance(expected.latencyMs - 1);
    expect(pending.settled()).toBe(false);
    await clock.advance(1);
    const res = await pending.promise;
    expect(res.status).toBe(200);
    expect((res.json as { time: number }).time).toBe(START);
    expect(sim.requests()[0]!.fault).toBe('latency');
  });

  it('[1.1] reproducible: the same seed and request sequence meet the same faults; another seed differs', async () => {
    const faults = {
      rate: 0.5,
      kinds: { http500: 1, unknown503: 1, http502: 1, unavailable503: 1, waf403: 1 },
    };
    const run = async (seed: number): Promise<string[]> => {
      const sim = await open({ seed, faults });
      for (let i = 0; i < 40; i += 1) await getText(sim.url, i % 2 === 0 ? OI : '/fapi/v1/time');
      return sim.requests().map((entry) => `${entry.status}:${entry.fault ?? '-'}`);
    };
    const first = await run(11);
    expect(await run(11)).toEqual(first);
    expect(await run(12)).not.toEqual(first);
    const faulted = first.filter((entry) => !entry.endsWith('-')).length;
    expect(faulted).toBeGreaterThan(8);
    expect(faulted).toBeLessThan(32);
  });

  it('[1.1] paths limits faults to the listed endpoints; setFaults replaces them', async () => {
    const sim = await open({ faults: { rate: 1, kinds: { http500: 1 }, paths: ['/fapi/v1/openInterest'] } });
    expect((await getText(sim.url, OI)).status).toBe(500);
    expect((await getText(sim.url, '/fapi/v1/time')).status).toBe(200);
    sim.setFaults(undefined);
    expect((await getText(sim.url, OI)).status).toBe(200);
    sim.setFaults({ rate: 1, kinds: { http502: 1 } });
    expect((await getText(sim.url, '/fapi/v1/time')).status).toBe(502);
  });

  it('[1.1] rate 0 (the default) never faults', async () => {
    const sim = await open();
    for (let i = 0; i < 20; i += 1) expect((await getText(sim.url, OI)).status).toBe(200);
  });
});

describe('forced responses', () => {
  it('[1.2] forced 429 x3 on one path with Retry-After, then normal answers', async () => {
    const sim = await open();
    sim.forceResponses({ status: 429, count: 3, retryAfterSec: 2, path: '/fapi/v1/openInterest' });
    expect((await getText(sim.url, '/fapi/v1/time')).status).toBe(200);
    for (let i = 0; i < 3; i += 1) {
      const res = await getText(sim.url, OI);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('2');
      expect((res.json as { code: number }).code).toBe(-1003);
    }
    expect((await getText(sim.url, OI)).status).toBe(200);
    expect(sim.requests().filter((entry) => entry.fault === 'forced:429')).toHaveLength(3);
  });

  it('[1.2] forced 418 starts a real ban that lasts bannedForMs', async () => {
    const sim = await open();
    sim.forceResponses({ status: 418, bannedForMs: 2000 });
    const banned = await getText(sim.url, OI);
    expect(banned.status).toBe(418);
    expect((banned.json as { msg: string }).msg).toContain(`banned until ${START + 2000}.`);
    expect(banned.headers.get('retry-after')).toBe('2');
    await clock.advance(1999);
    expect((await getText(sim.url, '/futures/data/openInterestHist?symbol=BTCUSDT&period=5m')).status).toBe(
      418,
    );
    await clock.advance(1);
    expect((await getText(sim.url, OI)).status).toBe(200);
  });

  it('[1.1] forced 451 carries the real restricted-location body', async () => {
    const sim = await open();
    sim.forceResponses({ status: 451 });
    const res = await getText(sim.url, OI);
    expect(res.status).toBe(451);
    expect(res.json).toEqual({
      code: 0,
      msg: "Service unavailable from a restricted location according to 'b. Eligibility' in https://www.binance.com/en/terms. Please contact customer service if you believe you received this message in error.",
    });
  });

  it('[1.1] forced 503 variants, 500, 408 and HTML pages', async () => {
    const sim = await open();
    sim.forceResponses({ status: 503, variant: 'unknown' });
    sim.forceResponses({ status: 503, variant: 'unavailable' });
    sim.forceResponses({ status: 500 });
    sim.forceResponses({ status: 408 });
    sim.forceResponses({ kind: 'html', status: 502 });
    sim.forceResponses({ status: 403 });
    const msgs: unknown[] = [];
    for (let i = 0; i < 6; i += 1) {
      const res = await getText(sim.url, OI);
      msgs.push([res.status, (res.json as { msg?: string } | undefined)?.msg ?? res.text.slice(0, 6)]);
    }
    expect(msgs).toEqual([
      [503, 'Unknown error, please check your request or try again later.'],
      [503, 'Service Unavailable.'],
      [500, 'An unknown error occured while processing the request.'],
      [
        408,
        'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
      ],
      [502, '<html>'],
      [403, '<!DOCT'],
    ]);
    expect((await getText(sim.url, OI)).status).toBe(200);
  });

  it('[1.1] forced reset, truncated and stall', async () => {
    const sim = await open();
    sim.forceResponses({ kind: 'reset' });
    await expect(fetch(sim.url + OI)).rejects.toThrow();
    sim.forceResponses({ kind: 'truncated', truncation: 'clean' });
    const cut = await getText(sim.url, OI);
    expect(cut.status).toBe(200);
    expect(cut.json).toBeUndefined();
    expect(cut.text.startsWith('{"symbol":"BTCUSDT"')).toBe(true);
    sim.forceResponses({ kind: 'truncated' });
    await expect(fetch(sim.url + OI).then((res) => res.text())).rejects.toThrow();
    sim.forceResponses({ kind: 'stall' });
    const stalled = track(fetch(sim.url + OI));
    await waitUntil(() => sim.requests().some((entry) => entry.fault === 'forced:stall'), 'the stall');
    expect(stalled.settled()).toBe(false);
    expect((await getText(sim.url, OI)).status).toBe(200);
    await sim.close();
    await expect(stalled.promise).rejects.toThrow();
  });
});

describe('server clock and latency', () => {
  it('[2.2] serverClockOffsetMs: server time = clock + offset everywhere', async () => {
    const sim = await open({ serverClockOffsetMs: 1500 });
    expect((await getText(sim.url, '/fapi/v1/time')).json).toEqual({ serverTime: START + 1500 });
    const oi = (await getText(sim.url, OI)).json as { time: number; openInterest: string };
    expect(oi.time).toBe(START + 1500);
    expect(oi.openInterest).toBe(sim.truth.openInterestAt('BTCUSDT', START + 1500));
    expect(sim.requests()[0]!.timeMs).toBe(START + 1500);
    expect(sim.serverTimeMs()).toBe(clock.now() + 1500);
    const behind = await open({ serverClockOffsetMs: -2500 });
    expect((await getText(behind.url, '/fapi/v1/time')).json).toEqual({ serverTime: clock.now() - 2500 });
  });

  it('[1] latency option: every round trip waits base + seeded jitter on the clock, stamped halfway', async () => {
    const sim = await open({ latency: { baseMs: 100, jitterMs: 0 } });
    const pending = track(getText(sim.url, '/fapi/v1/time'));
    await waitUntil(() => clock.pendingTimers() === 1, 'the way in');
    await clock.advance(50);
    // The exchange sees the request half a round trip after it left, and stamps it then.
    await waitUntil(() => sim.requests().length === 1 && clock.pendingTimers() === 1, 'the way back');
    expect(sim.requests()[0]!.timeMs).toBe(START + 50);
    await clock.advance(49);
    expect(pending.settled()).toBe(false);
    await clock.advance(1);
    const res = await pending.promise;
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ serverTime: START + 50 });
  });

  it('[1] with an auto virtual clock, latency passes by itself and the clock shows it', async () => {
    const sim = await open({ latency: { baseMs: 250, jitterMs: 50 } }, true);
    const res = await getText(sim.url, '/fapi/v1/ping');
    expect(res.status).toBe(200);
    expect(clock.now() - START).toBeGreaterThanOrEqual(250);
    expect(clock.now() - START).toBeLessThanOrEqual(300);
  });
});

describe('standalone entry', () => {
  it('[1] src/standalone.ts prints the URL of a working simulator', async () => {
    const entry = fileURLToPath(new URL('../standalone.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      ['--conditions=@oi/source', entry, '--', '--port', '0', '--seed', '4', '--extra-symbols', '3'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
      const url = chunk.toString().trim();
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const info = (await getText(url, '/fapi/v1/exchangeInfo')).json as { symbols: { symbol: string }[] };
      expect(info.symbols.map((s) => s.symbol)).toContain('SIM0003USDT');
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});
