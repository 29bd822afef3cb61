import { describe, expect, it } from 'vitest';
import { planHistoryWindows } from './history-windows.ts';

const SLOT = 300_000;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 2, 10, 12, 0, 30);
const GRID_NOW = Math.floor(NOW / SLOT) * SLOT;
const base = { slotMs: SLOT, nowMs: NOW, retentionMs: 30 * DAY, retentionMarginMs: 5 * 60_000 };

describe('planHistoryWindows', () => {
  it('splits 30 servable days of 5m into 18 windows of at most 500 slots, endTime one ms short', () => {
    const startMs = Date.UTC(2026, 1, 9);
    const plan = planHistoryWindows({
      ...base,
      range: { startMs, endMs: startMs + 30 * DAY },
      nowMs: startMs + 30 * DAY - 5 * 60_000,
    });
    expect(plan).toHaveLength(18);
    expect(plan.every((w) => w.kind === 'fetch')).toBe(true);
    expect(plan[0]).toEqual({
      kind: 'fetch',
      range: { startMs, endMs: startMs + 500 * SLOT },
      startTimeMs: startMs,
      endTimeMs: startMs + 500 * SLOT - 1,
    });
    const last = plan[17];
    expect(last?.range).toEqual({ startMs: startMs + 17 * 500 * SLOT, endMs: startMs + 30 * DAY });
    expect(last?.kind === 'fetch' && last.endTimeMs).toBe(startMs + 30 * DAY - 1);
  });

  it('aligns a ragged range to the slot grid', () => {
    const startMs = Date.UTC(2026, 2, 9, 10, 2);
    const plan = planHistoryWindows({ ...base, range: { startMs, endMs: startMs + 11 * 60_000 } });
    expect(plan).toEqual([
      {
        kind: 'fetch',
        range: { startMs: Date.UTC(2026, 2, 9, 10, 5), endMs: Date.UTC(2026, 2, 9, 10, 15) },
        startTimeMs: Date.UTC(2026, 2, 9, 10, 5),
        endTimeMs: Date.UTC(2026, 2, 9, 10, 15) - 1,
      },
    ]);
  });

  it('yields the part older than the wall plus margin once, without a request', () => {
    const plan = planHistoryWindows({
      ...base,
      range: { startMs: GRID_NOW - 40 * DAY, endMs: GRID_NOW - 29 * DAY },
    });
    const wallSlot = Math.ceil((NOW - 30 * DAY + 5 * 60_000) / SLOT) * SLOT;
    expect(plan[0]).toEqual({
      kind: 'beyond-retention',
      range: { startMs: GRID_NOW - 40 * DAY, endMs: wallSlot },
    });
    expect(plan.slice(1).every((w) => w.kind === 'fetch')).toBe(true);
    expect(plan[1]?.range.startMs).toBe(wallSlot);
  });

  it('is all beyond-retention when the whole range is older than the wall', () => {
    const range = { startMs: GRID_NOW - 50 * DAY, endMs: GRID_NOW - 40 * DAY };
    expect(planHistoryWindows({ ...base, range })).toEqual([{ kind: 'beyond-retention', range }]);
  });

  it('yields the part before listing without a request, before any retention cut', () => {
    const listedAtMs = NOW - 3 * DAY + 1000;
    const plan = planHistoryWindows({
      ...base,
      range: { startMs: GRID_NOW - 40 * DAY, endMs: NOW - DAY },
      listedAtMs,
    });
    const listedSlot = Math.ceil(listedAtMs / SLOT) * SLOT;
    expect(plan[0]).toEqual({
      kind: 'before-listing',
      range: { startMs: GRID_NOW - 40 * DAY, endMs: listedSlot },
    });
    expect(plan[1]?.kind).toBe('fetch');
    expect(plan[1]?.range.startMs).toBe(listedSlot);
  });

  it('splits before-listing, beyond-retention and fetch when listing is older than the wall', () => {
    const listedAtMs = NOW - 35 * DAY;
    const plan = planHistoryWindows({
      ...base,
      range: { startMs: GRID_NOW - 40 * DAY, endMs: NOW - 29 * DAY },
      listedAtMs,
    });
    expect(plan.map((w) => w.kind)).toEqual(['before-listing', 'beyond-retention', 'fetch']);
  });

  it('plans nothing for an empty range', () => {
    expect(planHistoryWindows({ ...base, range: { startMs: NOW, endMs: NOW } })).toEqual([]);
    expect(planHistoryWindows({ ...base, range: { startMs: NOW, endMs: NOW - 1 } })).toEqual([]);
  });

  it('uses the period of the query', () => {
    const hour = 3_600_000;
    const startMs = Date.UTC(2026, 2, 1);
    const plan = planHistoryWindows({
      ...base,
      slotMs: hour,
      range: { startMs, endMs: startMs + 600 * hour },
    });
    expect(plan.map((w) => (w.kind === 'fetch' ? [w.startTimeMs, w.endTimeMs] : []))).toEqual([
      [startMs, startMs + 500 * hour - 1],
      [startMs + 500 * hour, startMs + 600 * hour - 1],
    ]);
  });
});
