import { describe, expect, it } from 'vitest';
import { testGap } from '../test-support/test-gap.ts';
import { buildDayCells, tallyGaps } from './day-cells.ts';

const DAY = 86_400_000;
const D1 = Date.UTC(2026, 10, 1);
const gap = testGap;

describe('buildDayCells', () => {
  it('splits a gap at midnight and counts expected slots as stored plus missing', () => {
    // 22:00 on day 1 to 02:00 on day 2: 24 slots on day 1 and 24 on day 2.
    const cells = buildDayCells({
      series: '5m',
      dayKeys: ['2026-11-01', '2026-11-02', '2026-11-03'],
      gaps: [gap(D1 + 22 * 3_600_000, D1 + DAY + 2 * 3_600_000, 'api')],
      dayRows: new Map([
        ['2026-11-01', 264],
        ['2026-11-02', 264],
        ['2026-11-03', 288],
      ]),
      daySources: new Map([
        ['2026-11-01', ['archive']],
        ['2026-11-02', ['api', 'archive']],
      ]),
    });
    expect(
      cells.map((c) => [c.dayKey, c.expectedSlots, c.presentSlots, c.fillableSlots, c.lostSlots]),
    ).toEqual([
      ['2026-11-01', 288, 264, 24, 0],
      ['2026-11-02', 288, 264, 24, 0],
      ['2026-11-03', 288, 288, 0, 0],
    ]);
    expect(cells[0]?.gaps).toEqual([
      { reason: 'api-retention', fillableBy: 'api', detail: '', gaps: 1, slots: 24 },
    ]);
    expect(cells[1]?.sources).toEqual(['api', 'archive']);
    expect(cells[2]?.sources).toEqual([]);
  });

  it('keeps lost and fillable slots apart on the same day', () => {
    const [cell] = buildDayCells({
      series: '1m',
      dayKeys: ['2026-11-01'],
      gaps: [gap(D1, D1 + 10 * 60_000, 'none', '1m'), gap(D1 + 60 * 60_000, D1 + 65 * 60_000, 'none', '1m')],
      dayRows: new Map([['2026-11-01', 1425]]),
      daySources: new Map([['2026-11-01', ['live']]]),
    });
    expect(cell).toMatchObject({ expectedSlots: 1440, presentSlots: 1425, fillableSlots: 0, lostSlots: 15 });
    expect(cell?.gaps).toEqual([{ reason: 'live-only', fillableBy: 'none', detail: '', gaps: 2, slots: 15 }]);
  });

  it('gives a day with neither rows nor gaps no expected slot', () => {
    const [cell] = buildDayCells({
      series: '5m',
      dayKeys: ['2026-11-05'],
      gaps: [],
      dayRows: new Map(),
      daySources: new Map(),
    });
    expect(cell).toMatchObject({
      expectedSlots: 0,
      presentSlots: 0,
      fillableSlots: 0,
      lostSlots: 0,
      sources: [],
    });
  });
});

describe('tallyGaps', () => {
  it('keeps apart gaps of one reason that the sources explain differently', () => {
    const missingFile = {
      ...gap(0, 600_000, 'none'),
      causes: [{ source: 'archive', cause: 'file-missing' }],
    };
    const badChecksum = {
      ...gap(DAY, DAY + 300_000, 'none'),
      causes: [
        { source: 'archive', cause: 'checksum-mismatch' },
        { source: 'api', cause: 'beyond-api-retention' },
      ],
    };
    expect(tallyGaps([missingFile, badChecksum]).map((tally) => [tally.detail, tally.slots])).toEqual([
      ['archive file-missing', 2],
      ['archive checksum-mismatch, api beyond-api-retention', 1],
    ]);
  });

  it('groups by reason and filler, most slots first', () => {
    expect(
      tallyGaps([
        gap(0, 600_000, 'api'),
        gap(DAY, DAY + 3_000_000, 'none'),
        gap(2 * DAY, 2 * DAY + 300_000, 'api'),
      ]),
    ).toEqual([
      { reason: 'no-source', fillableBy: 'none', detail: '', gaps: 1, slots: 10 },
      { reason: 'api-retention', fillableBy: 'api', detail: '', gaps: 2, slots: 3 },
    ]);
  });
});
