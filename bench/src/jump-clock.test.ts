import { describe, expect, it } from 'vitest';
import { createJumpClock, createSharedTimeClock } from './jump-clock.ts';

describe('createJumpClock', () => {
  it('starts at the given time and runs in real time', async () => {
    const clock = createJumpClock(1_000_000);
    const first = clock.now();
    expect(first).toBeGreaterThanOrEqual(1_000_000);
    expect(first).toBeLessThan(1_000_100);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(clock.now() - first).toBeGreaterThanOrEqual(15);
  });

  it('fires a pending sleep at once when a jump passes its time, and re-times the others', async () => {
    const clock = createJumpClock(0);
    const fired: string[] = [];
    const short = clock.sleep(60_000).then(() => fired.push('minute'));
    const long = clock.sleep(3_600_000).then(() => fired.push('hour'));
    clock.jumpTo(clock.now() + 60_000);
    await short;
    expect(fired).toEqual(['minute']);
    clock.jumpTo(clock.now() + 3_600_000);
    await long;
    expect(fired).toEqual(['minute', 'hour']);
  });

  it('never moves backwards', () => {
    const clock = createJumpClock(5_000_000);
    const before = clock.now();
    clock.jumpTo(0);
    expect(clock.now()).toBeGreaterThanOrEqual(before);
  });

  it('rejects a sleep whose signal aborts', async () => {
    const clock = createJumpClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
  });

  it('shares its time with a clock built from its offset buffer', () => {
    const clock = createJumpClock(7_000_000);
    const shared = createSharedTimeClock(clock.offsetBuffer, 'offset');
    clock.jumpTo(clock.now() + 86_400_000);
    expect(Math.abs(shared.now() - clock.now())).toBeLessThan(50);
  });
});
