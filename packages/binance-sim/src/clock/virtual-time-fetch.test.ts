import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createVirtualClock } from './virtual-clock.ts';
import { createVirtualTimeFetch } from './virtual-time-fetch.ts';

const START = Date.UTC(2026, 0, 15, 12);

describe('virtual-time fetch', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  /** A server that answers only after `delayMs` of real time: a slow round trip. */
  async function slowServer(delayMs: number): Promise<string> {
    const server = createServer((_request, response) => {
      setTimeout(() => response.end('{"ok":true}'), delayMs);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }

  it('[clock] holds the clock while a request is on the wire, so a pending timer cannot fire meanwhile', async () => {
    const url = await slowServer(60);
    const clock = createVirtualClock({ startMs: START, settleMs: 2 });
    const fired: number[] = [];
    void clock.sleep(300_000).then(() => fired.push(clock.now()));
    const response = await createVirtualTimeFetch(clock)(url);
    expect(await response.json()).toEqual({ ok: true });
    expect(fired).toEqual([]);
    expect(clock.now()).toBe(START);
  });

  it('[clock] without the hold, the same slow round trip lets the clock jump to the pending timer', async () => {
    const url = await slowServer(60);
    const clock = createVirtualClock({ startMs: START, settleMs: 2 });
    void clock.sleep(300_000);
    await fetch(url).then((response) => response.text());
    expect(clock.now()).toBe(START + 300_000);
  });

  it('[clock] waits the latency on the virtual clock after the answer', async () => {
    const url = await slowServer(0);
    const clock = createVirtualClock({ startMs: START, settleMs: 2 });
    const response = await createVirtualTimeFetch(clock, { latency: { baseMs: 30, jitterMs: 0 } })(url);
    await response.text();
    expect(clock.now()).toBe(START + 30);
  });
});
