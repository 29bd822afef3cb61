import { describe, expect, it } from 'vitest';
import { publishedEndMs } from './index.ts';

// A backfill "to now" fetches the newest 5m slot Binance already serves: the row of slot T appears
// about 6 s after T, and the engine takes it as published 15 s after T.

const T = Date.UTC(2026, 0, 15, 12, 5);
const FIVE_MINUTES_MS = 300_000;

describe('publishedEndMs', () => {
  it.each([
    ['10 s after a boundary: that slot is not out yet', T + 10_000, T],
    ['15 s after a boundary: that slot is the newest', T + 15_000, T + FIVE_MINUTES_MS],
    ['2 minutes after a boundary', T + 120_000, T + FIVE_MINUTES_MS],
    ['just before the next boundary', T + FIVE_MINUTES_MS - 1, T + FIVE_MINUTES_MS],
  ])('%s', (_name, nowMs, endMs) => {
    expect(publishedEndMs(nowMs)).toBe(endMs);
  });
});
