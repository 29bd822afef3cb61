import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './simulator.ts';
import { createVirtualClock } from './virtual-clock.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('first version', () => {
  it('[2.6] openInterest answers the truth at server time', async () => {
    const clock = createVirtualClock({ startMs: Date.UTC(2026, 0, 15, 12, 0, 3) });
    sim = await startSimulator({ clock });
    const res = await fetch(`${sim.url}/fapi/v1/openInterest?symbol=BTCUSDT`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { openInterest: string; time: number };
    expect(body.time).toBe(clock.now());
    expect(body.openInterest).toBe(sim.truth.openInterestAt('BTCUSDT', clock.now()));
  });
});
