import { describe, expect, it } from 'vitest';
import { currentFactor, type LearnedRate, lowerFactor, scaleLimit } from './learned-rate.ts';

const W = 10_000;

describe('currentFactor', () => {
  const lesson: LearnedRate = { factor: 0.5, sinceMs: 100_000 };
  const rows: ReadonlyArray<readonly [string, LearnedRate | undefined, number, number]> = [
    ['nothing learned', undefined, 0, 1],
    ['during the pause', lesson, 90_000, 0.5],
    ['at the pause end', lesson, 100_000, 0.5],
    ['within the first clean window', lesson, 109_999, 0.5],
    ['after one clean window', lesson, 110_000, 0.55],
    ['after two clean windows', lesson, 120_000, 0.605],
    ['after seven clean windows', lesson, 170_000, 0.5 * 1.1 ** 7],
    ['fully recovered after eight', lesson, 180_000, 1],
    ['never above 1', lesson, 10_000_000, 1],
  ];

  it.each(rows)('%s', (_name, learned, nowMs, expected) => {
    expect(currentFactor(learned, nowMs, W)).toBeCloseTo(expected, 10);
  });
});

describe('lowerFactor and scaleLimit', () => {
  it.each([
    [1, 0.5],
    [0.55, 0.275],
    [1 / 32, 1 / 64],
    [1 / 64, 1 / 64],
  ])('lowerFactor(%d) = %d', (factor, expected) => {
    expect(lowerFactor(factor)).toBe(expected);
  });

  it.each([
    [1000, 1, 1000],
    [1000, 0.5, 500],
    [1000, 0.55, 550],
    [100, 0.333, 33],
    [10, 1 / 64, 1],
    [2400, 1.2, 2400],
  ])('scaleLimit(%d, %d) = %d', (limit, factor, expected) => {
    expect(scaleLimit(limit, factor)).toBe(expected);
  });
});
