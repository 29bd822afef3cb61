import { describe, expect, it } from 'vitest';
import { createScaledClock } from './scaled-clock.ts';

const ORIGIN = Date.UTC(2026, 0, 15, 12);

describe('scaled clock', () => {
  it('[clock] maps real time to virtual time at the given speed', async () => {
    const realOriginMs = Date.now() - 1_000;
    const clock = createScaledClock({ originMs: ORIGIN, realOriginMs, speed: 60 });
    const before = Date.now();
    const virtual = clock.now();
    const after = Date.now();
    expect(virtual).toBeGreaterThanOrEqual(ORIGIN + (before - realOriginMs) * 60);
    expect(virtual).toBeLessThanOrEqual(ORIGIN + (after - realOriginMs) * 60);
    // A second virtual minute has begun once one real second passed since the origin.
    expect(virtual).toBeGreaterThanOrEqual(ORIGIN + 60_000);
  });

  it('[clock] two clocks built from the same options agree, as a test and its child process do', () => {
    const options = { originMs: ORIGIN, realOriginMs: Date.now(), speed: 60 };
    const a = createScaledClock(options);
    const b = createScaledClock({ ...options });
    const [first, second] = [a.now(), b.now()];
    expect(Math.abs(first - second)).toBeLessThanOrEqual(60);
  });

  it('[clock] sleep(ms) waits ms / speed real ms and the virtual time moves by at least ms', async () => {
    const clock = createScaledClock({ originMs: ORIGIN, realOriginMs: Date.now(), speed: 100 });
    const startVirtual = clock.now();
    const startReal = performance.now();
    await clock.sleep(3_000);
    const realMs = performance.now() - startReal;
    expect(realMs).toBeGreaterThanOrEqual(28);
    // Generous upper bound: 30 real ms, on a loaded machine.
    expect(realMs).toBeLessThan(2_000);
    expect(clock.now() - startVirtual).toBeGreaterThanOrEqual(3_000 - 100);
  });

  it('[clock] hold does not stop time', async () => {
    const clock = createScaledClock({ originMs: ORIGIN, realOriginMs: Date.now(), speed: 1_000 });
    const release = clock.hold();
    const held = clock.now();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(clock.now()).toBeGreaterThan(held);
    release();
    release();
  });

  it('[clock] an aborted sleep rejects with the reason, also when aborted before it starts', async () => {
    const clock = createScaledClock({ originMs: ORIGIN, realOriginMs: Date.now(), speed: 1 });
    const controller = new AbortController();
    const sleeping = clock.sleep(60_000, controller.signal);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
    await expect(clock.sleep(10, AbortSignal.abort(new Error('before')))).rejects.toThrow('before');
  });

  it('[clock] rejects a speed that is not positive and origins that are not finite', () => {
    expect(() => createScaledClock({ originMs: ORIGIN, realOriginMs: 0, speed: 0 })).toThrow(RangeError);
    expect(() => createScaledClock({ originMs: ORIGIN, realOriginMs: 0, speed: -2 })).toThrow(RangeError);
    expect(() => createScaledClock({ originMs: ORIGIN, realOriginMs: 0, speed: Number.NaN })).toThrow(
      RangeError,
    );
    expect(() => createScaledClock({ originMs: Number.NaN, realOriginMs: 0, speed: 1 })).toThrow(RangeError);
  });
});
