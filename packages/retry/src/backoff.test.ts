import { describe, expect, it } from 'vitest';
import { computeBackoffMs } from './backoff.ts';

describe('computeBackoffMs', () => {
  it.each([
    [1, 0.5, 250],
    [2, 0.5, 500],
    [3, 0.5, 1000],
    [3, 0, 0],
    [3, 0.999, 1998],
    [10, 0.5, 5000],
    [60, 0.5, 5000],
  ])('after %i failures with random %f waits %i ms', (failedAttempts, r, expected) => {
    expect(computeBackoffMs({ failedAttempts, baseDelayMs: 500, maxDelayMs: 10_000, random: () => r })).toBe(
      expected,
    );
  });
});
