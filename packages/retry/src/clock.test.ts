import { describe, expect, it } from 'vitest';
import { systemClock } from './clock.ts';

describe('systemClock', () => {
  it('sleeps and can be aborted with the signal reason', async () => {
    await expect(systemClock.sleep(1)).resolves.toBeUndefined();
    const controller = new AbortController();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(sleeping).rejects.toThrow('cancelled');
    const pre = new AbortController();
    pre.abort(new Error('already'));
    await expect(systemClock.sleep(10, pre.signal)).rejects.toThrow('already');
  });

  it('has a hold that releases without effect', () => {
    const release = systemClock.hold();
    expect(() => release()).not.toThrow();
    expect(Math.abs(systemClock.now() - Date.now())).toBeLessThan(1000);
  });
});
