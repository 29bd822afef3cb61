import { isOiError } from '@oi/errors';
import { describe, expect, it } from 'vitest';
import { resolveReportRange } from './report-range.ts';

const NOW = Date.UTC(2026, 10, 24, 13, 31, 42);
const NOW_MINUTE = Date.UTC(2026, 10, 24, 13, 31);
const DAY = 86_400_000;

describe('resolveReportRange', () => {
  it.each([
    {
      name: 'the last 30 days up to the last whole minute',
      range: undefined,
      want: [NOW_MINUTE - 30 * DAY, NOW_MINUTE],
    },
    {
      name: 'a past range as given',
      range: { startMs: Date.UTC(2026, 0, 1), endMs: Date.UTC(2026, 1, 1) },
      want: [Date.UTC(2026, 0, 1), Date.UTC(2026, 1, 1)],
    },
    {
      name: 'an open end stops at now',
      range: { startMs: Date.UTC(2026, 10, 1), endMs: Number.POSITIVE_INFINITY },
      want: [Date.UTC(2026, 10, 1), NOW_MINUTE],
    },
    {
      name: '--to today (the next midnight) stops at now',
      range: { startMs: Date.UTC(2026, 10, 20), endMs: Date.UTC(2026, 10, 25) },
      want: [Date.UTC(2026, 10, 20), NOW_MINUTE],
    },
  ])('$name', ({ range, want }) => {
    const resolved = resolveReportRange(range, NOW);
    expect([resolved.startMs, resolved.endMs]).toEqual(want);
  });

  it('refuses a range that starts at or after now', () => {
    for (const startMs of [NOW_MINUTE, Date.UTC(2027, 0, 1)]) {
      let thrown: unknown;
      try {
        resolveReportRange({ startMs, endMs: Number.POSITIVE_INFINITY }, NOW);
      } catch (error) {
        thrown = error;
      }
      expect(isOiError(thrown) && thrown.code).toBe('USAGE');
      expect(String(thrown)).toMatch(/expected --from before now/);
    }
  });
});
