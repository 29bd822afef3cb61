import { describe, expect, it } from 'vitest';
import { toHistoryPoints } from './history-points.ts';

const S = 300_000;
const T0 = Date.UTC(2026, 0, 10);
const row = (slot: number, oi: string, value = '1.00000000') => ({
  timestampMs: T0 + slot * S,
  sumOpenInterest: oi,
  sumOpenInterestValue: value,
});

describe('toHistoryPoints', () => {
  it('keeps the API text, which is already canonical, and the circulating supply as sent', () => {
    const { points, refusedSlots } = toHistoryPoints(
      [{ ...row(0, '106289.69300000', '8175197334.30990000'), cmcCirculatingSupply: '20084481.00000000' }],
      { startMs: T0, endMs: T0 + S },
    );
    expect(points).toEqual([
      {
        slotMs: T0,
        openInterest: '106289.69300000',
        openInterestValue: '8175197334.30990000',
        extra: { CMCCirculatingSupply: '20084481.00000000', source: 'api' },
      },
    ]);
    expect(refusedSlots).toEqual([]);
  });

  it('pads other forms to eight digits and refuses a value that would need rounding', () => {
    const { points, refusedSlots } = toHistoryPoints(
      [row(0, '96268.02'), row(1, '1.123456789'), row(2, '7')],
      { startMs: T0, endMs: T0 + 3 * S },
    );
    expect(points.map((p) => [p.slotMs, p.openInterest, p.extra])).toEqual([
      [T0, '96268.02000000', { CMCCirculatingSupply: '', source: 'api' }],
      [T0 + 2 * S, '7.00000000', { CMCCirculatingSupply: '', source: 'api' }],
    ]);
    expect(refusedSlots).toEqual([T0 + S]);
  });

  it('drops rows off the grid or outside the page, and sorts', () => {
    const { points } = toHistoryPoints(
      [row(3, '3'), row(1, '1'), { ...row(2, '2'), timestampMs: T0 + 2 * S + 1 }, row(9, '9')],
      { startMs: T0, endMs: T0 + 5 * S },
    );
    expect(points.map((p) => (p.slotMs - T0) / S)).toEqual([1, 3]);
  });
});
