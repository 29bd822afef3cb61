import { describe, expect, it } from 'vitest';
import type { MetricsRow } from '../file/metrics-csv.ts';
import { dayStart, formatLabel, fullDayRows } from '../test-support/metrics-files.ts';
import { type ArchiveDefect, buildDay } from './build-day.ts';
import { SLOT_MS } from './label-convention.ts';

const DAY = '2024-02-16';
const START_MS = dayStart(DAY);
const slot = (hhmm: string, dayOffset = 0): number =>
  START_MS + dayOffset * 86_400_000 + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * 60_000;
const row = (
  labelMs: number,
  openInterest: string,
  openInterestValue = '100.5',
  symbol = 'BTCUSDT',
): MetricsRow => ({
  label: formatLabel(labelMs),
  symbol,
  openInterest,
  openInterestValue,
});

function build(rows: readonly MetricsRow[], hint: 'end-of-period' | 'start-of-period' = 'end-of-period') {
  return buildDay({ rows, symbol: 'BTCUSDT', dayStartMs: START_MS, hint });
}

function defectsWithout(missing: ArchiveDefect[], rows: readonly MetricsRow[]): ArchiveDefect[] {
  const result = build(rows);
  if (result.kind !== 'day') throw new Error(result.detail);
  return result.defects.filter((defect) => !missing.some((m) => m.slotMs === defect.slotMs));
}

describe('buildDay', () => {
  it.each(['end-of-period', 'start-of-period'] as const)(
    'maps a full %s day onto slots 00:05 .. next 00:00',
    (convention) => {
      const result = build(fullDayRows('BTCUSDT', DAY, convention), 'end-of-period');
      expect(result.kind).toBe('day');
      if (result.kind !== 'day') return;
      expect(result.convention).toBe(convention);
      expect(result.defects).toEqual([]);
      expect(result.points).toHaveLength(288);
      expect(result.points[0]!.slotMs).toBe(slot('00:05'));
      expect(result.points.at(-1)!.slotMs).toBe(slot('00:00', 1));
    },
  );

  it('keeps values exactly as written', () => {
    const result = build([row(slot('00:00', 1), '96268.02000', '4706583953.32646')]);
    expect(result.kind === 'day' && result.points).toEqual([
      { slotMs: slot('00:00', 1), openInterest: '96268.02000', openInterestValue: '4706583953.32646' },
    ]);
  });

  it('takes a start-of-period row as the snapshot five minutes after its label', () => {
    const result = build([row(slot('00:00'), '7.5')], 'end-of-period');
    expect(result.kind === 'day' && result.points[0]).toEqual({
      slotMs: slot('00:05'),
      openInterest: '7.5',
      openInterestValue: '100.5',
    });
  });

  it('reports the missing part of a partial day, and nothing is interpolated', () => {
    const rows = fullDayRows('BTCUSDT', DAY, 'end-of-period').slice(0, 162);
    const result = build(rows);
    if (result.kind !== 'day') throw new Error('expected a day');
    expect(result.conventionEvidence).toBe('date-hint');
    expect(result.points).toHaveLength(162);
    expect(result.defects).toHaveLength(126);
    expect(result.defects.every((defect) => defect.reason === 'missing-row')).toBe(true);
    expect(result.defects[0]!.slotMs).toBe(slot('13:35'));
    expect(result.defects.at(-1)!.slotMs).toBe(slot('00:00', 1));
  });

  it.each<[string, MetricsRow[], ArchiveDefect[]]>([
    ['zero OI', [row(slot('01:00'), '0')], [{ slotMs: slot('01:00'), reason: 'zero-value' }]],
    [
      'zero OI with decimals',
      [row(slot('01:00'), '0.00000000')],
      [{ slotMs: slot('01:00'), reason: 'zero-value' }],
    ],
    ['zero OI value', [row(slot('01:00'), '5', '0')], [{ slotMs: slot('01:00'), reason: 'zero-value' }]],
    ['blank OI', [row(slot('01:00'), '')], [{ slotMs: slot('01:00'), reason: 'blank-value' }]],
    ['blank OI value', [row(slot('01:00'), '5', ' ')], [{ slotMs: slot('01:00'), reason: 'blank-value' }]],
    ['blank and zero', [row(slot('01:00'), '', '0')], [{ slotMs: slot('01:00'), reason: 'blank-value' }]],
    ['a negative OI', [row(slot('01:00'), '-5')], [{ slotMs: slot('01:00'), reason: 'malformed-value' }]],
    ['an exponent', [row(slot('01:00'), '1e5')], [{ slotMs: slot('01:00'), reason: 'malformed-value' }]],
    [
      'disagreeing duplicates',
      [row(slot('01:00'), '5'), row(slot('01:00'), '6')],
      [{ slotMs: slot('01:00'), reason: 'conflicting-duplicate' }],
    ],
    [
      'a value and a blank',
      [row(slot('01:00'), '5'), row(slot('01:00'), '')],
      [{ slotMs: slot('01:00'), reason: 'conflicting-duplicate' }],
    ],
    [
      'a blank and a zero',
      [row(slot('01:00'), ''), row(slot('01:00'), '0')],
      [{ slotMs: slot('01:00'), reason: 'conflicting-duplicate' }],
    ],
    [
      'three rows, one differs',
      [row(slot('01:00'), '5'), row(slot('01:00'), '5'), row(slot('01:00'), '5', '1')],
      [{ slotMs: slot('01:00'), reason: 'conflicting-duplicate' }],
    ],
    [
      'two identical blanks',
      [row(slot('01:00'), ''), row(slot('01:00'), '')],
      [{ slotMs: slot('01:00'), reason: 'blank-value' }],
    ],
  ])('%s is a defect, not a point', (_name, extraRows, expected) => {
    const rows = fullDayRows('BTCUSDT', DAY, 'end-of-period').filter(
      (r) => r.label !== formatLabel(slot('01:00')),
    );
    const result = build([...rows, ...extraRows]);
    if (result.kind !== 'day') throw new Error('expected a day');
    expect(result.defects).toEqual(expected);
    expect(result.points.some((point) => point.slotMs === slot('01:00'))).toBe(false);
    expect(result.points).toHaveLength(287);
  });

  it.each<[string, MetricsRow[], string]>([
    ['identical rows', [row(slot('01:00'), '5.5'), row(slot('01:00'), '5.5')], '5.5'],
    [
      'equal numbers written differently',
      [row(slot('01:00'), '5.5'), row(slot('01:00'), '5.50000000')],
      '5.5',
    ],
  ])('%s collapse to one point', (_name, rows, openInterest) => {
    const result = build(rows);
    if (result.kind !== 'day') throw new Error('expected a day');
    expect(result.points).toEqual([{ slotMs: slot('01:00'), openInterest, openInterestValue: '100.5' }]);
    expect(result.defects.filter((defect) => defect.reason !== 'missing-row')).toEqual([]);
    expect(result.defects).toHaveLength(287);
  });

  it('sorts points and defects by slot whatever the row order', () => {
    const rows = fullDayRows('BTCUSDT', DAY, 'end-of-period').reverse();
    rows[10] = { ...rows[10]!, openInterest: '0' };
    const result = build(rows);
    if (result.kind !== 'day') throw new Error('expected a day');
    const slots = result.points.map((point) => point.slotMs);
    expect(slots).toEqual([...slots].sort((a, b) => a - b));
    expect(defectsWithout([], rows)).toEqual([{ slotMs: slot('23:10'), reason: 'zero-value' }]);
  });

  it.each<[string, MetricsRow[], string]>([
    ['no rows', [], 'no-rows'],
    ['a row of another symbol', [row(slot('01:00'), '5', '1', 'ETHUSDT')], 'wrong-symbol'],
    [
      'an unreadable create_time',
      [{ label: '2024-02-16T01:00:00Z', symbol: 'BTCUSDT', openInterest: '5', openInterestValue: '1' }],
      'bad-row',
    ],
    [
      'an impossible time',
      [{ label: '2024-02-16 24:00:00', symbol: 'BTCUSDT', openInterest: '5', openInterestValue: '1' }],
      'bad-row',
    ],
    [
      'an impossible date',
      [{ label: '2024-02-30 01:00:00', symbol: 'BTCUSDT', openInterest: '5', openInterestValue: '1' }],
      'bad-row',
    ],
    [
      'labels fitting neither convention',
      [row(slot('00:00'), '5'), row(slot('00:00', 1), '6')],
      'undecidable-labels',
    ],
    ['an off-grid label', [row(slot('01:00') + 60_000, '5')], 'undecidable-labels'],
    ['a label of another day', [row(slot('01:00', 2), '5')], 'undecidable-labels'],
  ])('rejects %s', (_name, rows, reason) => {
    expect(build(rows)).toMatchObject({ kind: 'rejected', reason });
  });

  it('is undecidable without a hint when a partial day fits both conventions', () => {
    const rows = [row(slot('01:00'), '5'), row(slot('01:00') + SLOT_MS, '6')];
    expect(buildDay({ rows, symbol: 'BTCUSDT', dayStartMs: START_MS })).toMatchObject({
      kind: 'rejected',
      reason: 'undecidable-labels',
    });
  });
});
