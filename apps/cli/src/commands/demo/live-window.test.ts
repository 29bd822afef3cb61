import { describe, expect, it } from 'vitest';
import { liveWindow } from './index.ts';

const MINUTE = 60_000;
const T = Date.UTC(2026, 0, 15, 12, 1);

describe("the demo's live window", () => {
  it('is the minutes the collectors ticked, however far the clock went on after they stopped', () => {
    // Started at 12:00:44, live from 12:01 for 10 minutes: ticks 12:01 .. 12:10.
    expect(liveWindow(T, 10, T + 10 * MINUTE - 16_000)).toEqual({ startMs: T, endMs: T + 10 * MINUTE });
    // The clock read after the stop, in the next minute or later: 12:11 is not the collectors'.
    expect(liveWindow(T, 10, T + 10 * MINUTE + 5_000)).toEqual({ startMs: T, endMs: T + 10 * MINUTE });
    expect(liveWindow(T, 10, T + 12 * MINUTE)).toEqual({ startMs: T, endMs: T + 10 * MINUTE });
  });

  it('ends at the current minute when the collectors stopped early', () => {
    expect(liveWindow(T, 10, T + 4 * MINUTE + 30_000)).toEqual({ startMs: T, endMs: T + 5 * MINUTE });
  });
});
