import { describe, expect, it } from 'vitest';
import type { DayRow } from '../format/day-row.ts';
import { InvalidPointError } from '../model/errors.ts';
import { groupBatchByDay, mergeRowsIntoDay } from './merge-rows.ts';

const T0 = Date.UTC(2026, 10, 24);
const row = (
  slotMs: number,
  openInterest: string,
  value = '',
  extra: Record<string, string> = {},
): DayRow => ({
  slotMs,
  openInterest,
  openInterestValue: value,
  extra,
});

describe('mergeRowsIntoDay', () => {
  it.each([
    ['a new slot is inserted', [], [row(T0, '1')], { inserted: 1, unchanged: 0, filled: 0, conflicts: 0 }],
    [
      'an equal decimal is unchanged',
      [row(T0, '1.50')],
      [row(T0, '1.5')],
      { inserted: 0, unchanged: 1, filled: 0, conflicts: 0 },
    ],
    [
      'a missing value is filled',
      [row(T0, '1')],
      [row(T0, '1', '7')],
      { inserted: 0, unchanged: 1, filled: 1, conflicts: 0 },
    ],
    [
      'a missing extra column is filled',
      [row(T0, '1', '', { markPrice: '' })],
      [row(T0, '1', '', { markPrice: '9.5' })],
      { inserted: 0, unchanged: 1, filled: 1, conflicts: 0 },
    ],
    [
      'a different value is a conflict',
      [row(T0, '1')],
      [row(T0, '2')],
      { inserted: 0, unchanged: 0, filled: 0, conflicts: 1 },
    ],
  ])('%s', (_label, stored, incoming, counts) => {
    const merged = mergeRowsIntoDay('BTCUSDT', '1m', stored, incoming);
    expect({
      inserted: merged.inserted,
      unchanged: merged.unchanged,
      filled: merged.filled,
      conflicts: merged.conflicts.length,
    }).toEqual(counts);
  });

  it('keeps the stored bytes of an equal value and returns rows sorted by slot', () => {
    const merged = mergeRowsIntoDay(
      'BTCUSDT',
      '1m',
      [row(T0 + 120_000, '3'), row(T0, '1.50', '5')],
      [row(T0, '1.5', '5.0'), row(T0 + 60_000, '2')],
    );
    expect(merged.rows.map((r) => [r.slotMs - T0, r.openInterest, r.openInterestValue])).toEqual([
      [0, '1.50', '5'],
      [60_000, '2', ''],
      [120_000, '3', ''],
    ]);
    expect(merged.conflicts).toEqual([]);
  });
});

describe('groupBatchByDay', () => {
  it('splits a batch by UTC day and folds a repeated slot into one row', () => {
    const points = [
      { slotMs: T0 - 300_000, openInterest: '1', openInterestValue: '' },
      { slotMs: T0, openInterest: '2', openInterestValue: '' },
      { slotMs: T0, openInterest: '2.0', openInterestValue: '8' },
    ];
    const { byDay, duplicates } = groupBatchByDay('BTCUSDT', '5m', points);
    expect(duplicates).toBe(1);
    expect([...byDay.keys()]).toEqual(['2026-11-23', '2026-11-24']);
    expect(byDay.get('2026-11-24')).toEqual([row(T0, '2', '8')]);
  });

  it('refuses a batch that holds one slot with different values', () => {
    const points = [
      { slotMs: T0, openInterest: '2', openInterestValue: '' },
      { slotMs: T0, openInterest: '3', openInterestValue: '' },
    ];
    expect(() => groupBatchByDay('BTCUSDT', '5m', points)).toThrow(InvalidPointError);
  });
});
