import { expect, it } from 'vitest';
import { beginLiveTick, liveTicksRunning } from './live-priority.ts';

it('nothing to wait for while no live tick runs', () => {
  expect(liveTicksRunning()).toBeUndefined();
});

it('waits until the last of overlapping ticks ends, and ending twice counts once', async () => {
  const endFirst = beginLiveTick();
  const endSecond = beginLiveTick();
  const waiting = liveTicksRunning();
  expect(waiting).toBeInstanceOf(Promise);
  let resolved = false;
  void waiting?.then(() => {
    resolved = true;
  });
  endFirst();
  endFirst();
  await Promise.resolve();
  expect(resolved).toBe(false);
  expect(liveTicksRunning()).toBe(waiting);
  endSecond();
  await waiting;
  expect(resolved).toBe(true);
  expect(liveTicksRunning()).toBeUndefined();
});
