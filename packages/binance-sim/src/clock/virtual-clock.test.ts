import { describe, expect, it } from 'vitest';
import { createVirtualClock } from './virtual-clock.ts';

const START = Date.UTC(2026, 0, 15, 12);

describe('virtual clock', () => {
  it('[clock] now() is frozen until time advances', async () => {
    const clock = createVirtualClock({ startMs: START, auto: false });
    expect(clock.now()).toBe(START);
    await new Promise((resolve) => setTimeout(resolve, 15));
    expect(clock.now()).toBe(START);
    await clock.advance(1234);
    expect(clock.now()).toBe(START + 1234);
  });

  it('[clock] advance fires timers in time order, equal times in registration order', async () => {
    const clock = createVirtualClock({ startMs: START, auto: false });
    const fired: string[] = [];
    const at = (label: string, ms: number) =>
      clock.sleep(ms).then(() => fired.push(`${label}@${clock.now() - START}`));
    const all = [at('c', 300), at('a', 100), at('b1', 200), at('b2', 200), at('b3', 200)];
    expect(clock.pendingTimers()).toBe(5);
    await clock.advance(250);
    expect(fired).toEqual(['a@100', 'b1@200', 'b2@200', 'b3@200']);
    expect(clock.now()).toBe(START + 250);
    await clock.advance(50);
    await Promise.all(all);
    expect(fired.at(-1)).toBe('c@300');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('[clock] woken code registers new timers that fire within the same advance', async () => {
    const clock = createVirtualClock({ startMs: START, auto: false });
    const ticks: number[] = [];
    const loop = (async () => {
      for (let i = 0; i < 5; i += 1) {
        await clock.sleep(60_000);
        ticks.push(clock.now() - START);
      }
    })();
    await clock.advance(5 * 60_000);
    await loop;
    expect(ticks).toEqual([60_000, 120_000, 180_000, 240_000, 300_000]);
  });

  it('[clock] an aborted sleep rejects with the signal reason and removes its timer', async () => {
    const clock = createVirtualClock({ startMs: START, auto: false });
    const controller = new AbortController();
    const sleeping = clock.sleep(1000, controller.signal);
    expect(clock.pendingTimers()).toBe(1);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
    expect(clock.pendingTimers()).toBe(0);
    const already = AbortSignal.abort(new Error('before'));
    await expect(clock.sleep(10, already)).rejects.toThrow('before');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('[clock] auto mode advances to the earliest timer once idle', async () => {
    const clock = createVirtualClock({ startMs: START });
    await clock.sleep(3_600_000);
    expect(clock.now()).toBe(START + 3_600_000);
    await Promise.all([clock.sleep(10), clock.sleep(20)]);
    expect(clock.now()).toBe(START + 3_600_020);
  });

  it('[clock] an open hold stops auto-advance until released', async () => {
    const clock = createVirtualClock({ startMs: START, settleMs: 2 });
    const release = clock.hold();
    let woke = false;
    const sleeping = clock.sleep(1000).then(() => {
      woke = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(woke).toBe(false);
    expect(clock.now()).toBe(START);
    release();
    await sleeping;
    expect(woke).toBe(true);
    expect(clock.now()).toBe(START + 1000);
  });

  it('[clock] manual advance waits for open holds before moving time', async () => {
    const clock = createVirtualClock({ startMs: START, auto: false });
    const release = clock.hold();
    let advanced = false;
    const advancing = clock.advance(500).then(() => {
      advanced = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(advanced).toBe(false);
    expect(clock.now()).toBe(START);
    release();
    await advancing;
    expect(clock.now()).toBe(START + 500);
  });

  it('[clock] without auto, time never moves by itself', async () => {
    const clock = createVirtualClock({ startMs: START, auto: false, settleMs: 1 });
    let woke = false;
    void clock.sleep(5).then(() => {
      woke = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(woke).toBe(false);
    await clock.advance(5);
    expect(woke).toBe(true);
  });
});
