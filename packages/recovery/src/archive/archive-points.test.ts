import { describe, expect, it } from 'vitest';
import { findApiDisagreements, readArchiveDayContent, toDefectRuns } from './archive-points.ts';

const S = 300_000;
const T0 = Date.UTC(2025, 11, 7);
const slot = (i: number) => T0 + i * S;

describe('readArchiveDayContent', () => {
  it('pads values to the canonical form and turns a value that needs rounding into a precision-exceeded defect', () => {
    const content = readArchiveDayContent(
      [
        { slotMs: slot(1), openInterest: '96268.02', openInterestValue: '4706583953.32646' },
        { slotMs: slot(2), openInterest: '97000', openInterestValue: '0.000000001' },
        { slotMs: slot(3), openInterest: '1.5', openInterestValue: '2.25' },
      ],
      [{ slotMs: slot(4), reason: 'zero-value' }],
      [{ startMs: slot(0), endMs: slot(10) }],
    );
    expect(content.points).toEqual([
      {
        slotMs: slot(1),
        openInterest: '96268.02000000',
        openInterestValue: '4706583953.32646000',
        extra: { source: 'archive' },
      },
      {
        slotMs: slot(3),
        openInterest: '1.50000000',
        openInterestValue: '2.25000000',
        extra: { source: 'archive' },
      },
    ]);
    expect(content.defects).toEqual([
      { startMs: slot(2), endMs: slot(3), reason: 'precision-exceeded' },
      { startMs: slot(4), endMs: slot(5), reason: 'zero-value' },
    ]);
  });

  it('keeps only expected slots: a listing day reports the slots before the listing, which are not gaps', () => {
    const missing = Array.from({ length: 6 }, (_, i) => ({
      slotMs: slot(i),
      reason: 'missing-row' as const,
    }));
    const points = [6, 7].map((i) => ({ slotMs: slot(i), openInterest: '1', openInterestValue: '2' }));
    const content = readArchiveDayContent(points, missing, [{ startMs: slot(4), endMs: slot(7) }]);
    expect(content.points.map((p) => p.slotMs)).toEqual([slot(6)]);
    expect(content.defects).toEqual([{ startMs: slot(4), endMs: slot(6), reason: 'missing-row' }]);
  });
});

describe('toDefectRuns', () => {
  it('merges consecutive slots of one reason, and splits where the reason or the run changes', () => {
    expect(
      toDefectRuns([
        { slotMs: slot(3), reason: 'missing-row' },
        { slotMs: slot(1), reason: 'missing-row' },
        { slotMs: slot(2), reason: 'missing-row' },
        { slotMs: slot(4), reason: 'zero-value' },
        { slotMs: slot(6), reason: 'zero-value' },
      ]),
    ).toEqual([
      { startMs: slot(1), endMs: slot(4), reason: 'missing-row' },
      { startMs: slot(4), endMs: slot(5), reason: 'zero-value' },
      { startMs: slot(6), endMs: slot(7), reason: 'zero-value' },
    ]);
  });
});

describe('findApiDisagreements', () => {
  const point = (i: number, oi: string, value: string) => ({
    slotMs: slot(i),
    openInterest: oi,
    openInterestValue: value,
    extra: { source: 'archive' },
  });
  const row = (i: number, oi: string, value: string, source?: string) => ({
    slotMs: slot(i),
    openInterest: oi,
    openInterestValue: value,
    ...(source === undefined ? {} : { extra: { source } }),
  });

  it.each([
    ['equal canonical texts agree', row(1, '96268.02000000', '5.00000000', 'api'), []],
    ["the replaced tool's rows (no source) are the API's and count", row(1, '96268.02', '5', undefined), []],
    ['a different open interest disagrees', row(1, '96268.03000000', '5.00000000', 'api'), [slot(1)]],
    ['a different value disagrees', row(1, '96268.02000000', '5.00000001', 'api'), [slot(1)]],
    ['an unknown stored value compares open interest alone', row(1, '96268.02000000', '', 'api'), []],
    ['rows the archive wrote are not the API', row(1, '1.00000000', '1.00000000', 'archive'), []],
    ['a slot the file lacks is not compared', row(2, '1.00000000', '1.00000000', 'api'), []],
  ])('%s', (_name, stored, slots) => {
    const found = findApiDisagreements([stored], [point(1, '96268.02000000', '5.00000000')]);
    expect(found.map((d) => d.slotMs)).toEqual(slots);
  });
});
