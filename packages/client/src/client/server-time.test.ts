import { afterEach, describe, expect, it } from 'vitest';
import { type SimHarness, startSimHarness } from '../test-support/sim-harness.ts';

let harness: SimHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('measureServerTime', () => {
  it('times the round trip from the grant on: a wait for a full budget is not network time', async () => {
    // Two weight units per minute: the third request waits for the next window, on the virtual clock.
    harness = await startSimHarness(
      { serverClockOffsetMs: 1234 },
      { weightBudget: { limit: 2, windowMs: 60_000 } },
    );
    const { client, clock, events } = harness;
    await client.ping();
    await client.ping();
    const askedAtMs = clock.now();
    const sample = await client.measureServerTime();

    const waits = events.filter((event) => event.type === 'rate-wait');
    expect(waits).toHaveLength(1);
    expect(waits[0]).toMatchObject({ budget: 'weight', cause: 'full', endpoint: '/fapi/v1/time' });
    // The request left once the window turned, long after it was asked for...
    expect(sample.sentAtMs - askedAtMs).toBeGreaterThan(1000);
    // ...and the round trip and offset are those of the network alone.
    expect(sample.rttMs).toBe(sample.receivedAtMs - sample.sentAtMs);
    expect(sample.rttMs).toBeLessThan(sample.sentAtMs - askedAtMs);
    expect(Math.abs(sample.offsetMs - 1234)).toBeLessThanOrEqual(sample.rttMs / 2 + 1);
    expect(sample.offsetMs).toBe(Math.round(sample.serverTimeMs - (sample.sentAtMs + sample.rttMs / 2)));
  });

  it('serverTime() returns the same reading as a number', async () => {
    harness = await startSimHarness({ serverClockOffsetMs: -500 });
    expect(await harness.client.serverTime()).toBe(harness.sim.serverTimeMs());
  });
});
