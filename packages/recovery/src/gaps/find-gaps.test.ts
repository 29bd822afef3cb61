import { describe, expect, it } from 'vitest';
import { expectedSlots } from '../grid/slot-grid.ts';
import { findGaps } from './find-gaps.ts';
import { apiHistoryWindow, createApiHistorySource, type GapSource } from './gap-source.ts';

const M = 60_000;
const H = 60 * M;
const D = 24 * H;
const NOW = Date.UTC(2026, 8, 30, 12, 0, 30);
const api = createApiHistorySource();

describe('apiHistoryWindow', () => {
  it('spans 30 days less a 1 h margin at the old edge, up to the last published slot', () => {
    const window = apiHistoryWindow(NOW);
    expect(window.startMs).toBe(Date.UTC(2026, 7, 31, 13, 5));
    expect(window.endMs).toBe(Date.UTC(2026, 8, 30, 12, 5));
  });

  it('leaves out the newest slot until it is published', () => {
    expect(apiHistoryWindow(Date.UTC(2026, 8, 30, 12, 0, 10)).endMs).toBe(Date.UTC(2026, 8, 30, 12, 0));
  });

  it('takes other margins', () => {
    const window = apiHistoryWindow(NOW, { retentionMs: D, oldEdgeMarginMs: 0, publishDelayMs: 0 });
    expect(window).toEqual({ startMs: Date.UTC(2026, 8, 29, 12, 5), endMs: Date.UTC(2026, 8, 30, 12, 5) });
  });
});

describe('findGaps', () => {
  const dayStart = Date.UTC(2026, 8, 29);
  const expected5m = expectedSlots('5m', { startMs: dayStart, endMs: dayStart + D });

  it.each([
    { name: 'fully present: no gaps', present: [{ startMs: dayStart, endMs: dayStart + D }], out: [] },
    {
      name: 'two holes, merged per run',
      present: [
        { startMs: dayStart, endMs: dayStart + H },
        { startMs: dayStart + H + 15 * M, endMs: dayStart + 2 * H },
        { startMs: dayStart + 2 * H + 5 * M, endMs: dayStart + D },
      ],
      out: [
        { startMs: dayStart + H, endMs: dayStart + H + 15 * M, slots: 3 },
        { startMs: dayStart + 2 * H, endMs: dayStart + 2 * H + 5 * M, slots: 1 },
      ],
    },
    {
      name: 'nothing present: one gap',
      present: [],
      out: [{ startMs: dayStart, endMs: dayStart + D, slots: 288 }],
    },
  ])('5m inside retention: $name', ({ present, out }) => {
    const gaps = findGaps({
      symbol: 'BTCUSDT',
      series: '5m',
      expected: expected5m,
      present,
      sources: [api],
      nowMs: NOW,
    });
    expect(gaps).toEqual(
      out.map(({ startMs, endMs, slots }) => ({
        symbol: 'BTCUSDT',
        series: '5m',
        range: { startMs, endMs },
        slots,
        fillableBy: 'api',
        reason: 'api-retention',
        causes: [],
        detail: 'api can fill',
      })),
    );
  });

  it('splits a 5m gap at the retention edge: older slots have no source', () => {
    const edge = apiHistoryWindow(NOW).startMs;
    const expected = expectedSlots('5m', { startMs: edge - 2 * H, endMs: edge + H });
    const gaps = findGaps({
      symbol: 'ETHUSDT',
      series: '5m',
      expected,
      present: [],
      sources: [api],
      nowMs: NOW,
    });
    expect(
      gaps.map((g) => [g.range.startMs, g.range.endMs, g.slots, g.fillableBy, g.reason, g.detail]),
    ).toEqual([
      [edge - 2 * H, edge, 24, 'none', 'beyond-api-retention', 'beyond-api-retention'],
      [edge, edge + H, 12, 'api', 'api-retention', 'api can fill'],
    ]);
    expect(gaps[0]!.causes).toEqual([{ source: 'api', cause: 'beyond-api-retention' }]);
  });

  it('hands older slots to an older source when one is listed, in order of preference', () => {
    const edge = apiHistoryWindow(NOW).startMs;
    const older: GapSource = {
      name: 'older',
      series: '5m',
      covers: (range) => [{ startMs: Math.max(range.startMs, edge - 3 * H), endMs: range.endMs }],
    };
    const expected = expectedSlots('5m', { startMs: edge - 4 * H, endMs: edge + H });
    const gaps = findGaps({
      symbol: 'ETHUSDT',
      series: '5m',
      expected,
      present: [],
      sources: [api, older],
      nowMs: NOW,
    });
    expect(gaps.map((g) => [g.range.startMs, g.range.endMs, g.fillableBy, g.reason, g.detail])).toEqual([
      [edge - 4 * H, edge - 3 * H, 'none', 'beyond-api-retention', 'beyond-api-retention'],
      [edge - 3 * H, edge, 'older', 'older-source', 'api beyond api retention, older can fill'],
      [edge, edge + H, 'api', 'api-retention', 'api can fill'],
    ]);
  });

  it('a past 1m slot can be filled by nothing', () => {
    const expected = expectedSlots('1m', { startMs: dayStart, endMs: dayStart + H });
    const present = [
      { startMs: dayStart, endMs: dayStart + 20 * M },
      { startMs: dayStart + 37 * M, endMs: dayStart + H },
    ];
    const gaps = findGaps({ symbol: 'BTCUSDT', series: '1m', expected, present, sources: [api], nowMs: NOW });
    expect(gaps).toEqual([
      {
        symbol: 'BTCUSDT',
        series: '1m',
        range: { startMs: dayStart + 20 * M, endMs: dayStart + 37 * M },
        slots: 17,
        fillableBy: 'none',
        reason: 'live-only',
        causes: [],
        detail: 'live-only',
      },
    ]);
  });

  it('says newer slots are not published yet, and a source that explains nothing leaves no-source', () => {
    const expected = expectedSlots('5m', { startMs: NOW - 10 * M, endMs: NOW + 20 * M });
    const gaps = findGaps({
      symbol: 'BTCUSDT',
      series: '5m',
      expected,
      present: [],
      sources: [api],
      nowMs: NOW,
    });
    expect(gaps.map((g) => [g.slots, g.fillableBy, g.reason])).toEqual([
      [2, 'api', 'api-retention'],
      [4, 'none', 'not-published-yet'],
    ]);
    const mute: GapSource = { name: 'mute', series: '5m', covers: () => [] };
    const [gap] = findGaps({
      symbol: 'BTCUSDT',
      series: '5m',
      expected,
      present: [],
      sources: [mute],
      nowMs: NOW,
    });
    expect([gap?.fillableBy, gap?.reason, gap?.detail]).toEqual(['none', 'no-source', 'no-source']);
  });

  it('splits a gap where the causes change and merges neighbours that say the same', () => {
    const notes: GapSource = {
      name: 'archive',
      series: '5m',
      covers: () => [],
      explain: () => [
        { range: { startMs: dayStart, endMs: dayStart + H }, cause: 'zero-value' },
        { range: { startMs: dayStart + H, endMs: dayStart + 2 * H }, cause: 'zero-value' },
        { range: { startMs: dayStart + 2 * H, endMs: dayStart + 3 * H }, cause: 'file-missing' },
      ],
    };
    const gaps = findGaps({
      symbol: 'BTCUSDT',
      series: '5m',
      expected: [{ startMs: dayStart, endMs: dayStart + 4 * H }],
      present: [],
      sources: [notes],
      nowMs: NOW,
    });
    expect(
      gaps.map((g) => [(g.range.startMs - dayStart) / H, (g.range.endMs - dayStart) / H, g.detail]),
    ).toEqual([
      [0, 2, 'no-source and archive zero value'],
      [2, 3, 'no-source and archive file missing'],
      [3, 4, 'no-source'],
    ]);
  });

  it('slots before the listing are not gaps', () => {
    const listedAt = dayStart + 10 * H + 2 * M;
    const expected = expectedSlots(
      '5m',
      { startMs: dayStart, endMs: dayStart + D },
      { onboardDateMs: listedAt },
    );
    const gaps = findGaps({
      symbol: 'NEWUSDT',
      series: '5m',
      expected,
      present: [],
      sources: [api],
      nowMs: NOW,
    });
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.range.startMs).toBe(dayStart + 10 * H + 5 * M);
    expect(gaps[0]!.slots).toBe(288 - 121);
  });
});
