import { describe, expect, it } from 'vitest';
import type { SeriesReport } from '../model/report-model.ts';
import { describeSeries } from './describe-series.ts';

const D1 = Date.UTC(2026, 10, 1);
const report: SeriesReport = {
  symbol: 'BTCUSDT',
  series: '5m',
  units: null,
  summary: {
    rows: 8568,
    expectedSlots: 8640,
    coveragePercent: (100 * 8568) / 8640,
    fillableSlots: 60,
    lostSlots: 12,
    gaps: [
      { reason: 'api-retention', fillableBy: 'api', detail: '', gaps: 1, slots: 60 },
      {
        reason: 'beyond-api-retention',
        fillableBy: 'none',
        detail: 'api beyond-api-retention, archive file-missing',
        gaps: 2,
        slots: 12,
      },
    ],
    firstSlotMs: D1,
    lastSlotMs: D1 + 30 * 86_400_000 - 300_000,
    sources: [
      { source: 'archive', rows: 8000 },
      { source: 'api', rows: 568 },
    ],
    openInterest: {
      min: { value: '81200.100', slotMs: D1 + 3_600_000 },
      max: { value: '95000.5', slotMs: D1 + 7_200_000 },
      last: { value: '90000', slotMs: D1 + 10_800_000 },
    },
    openInterestValue: null,
  },
  days: [],
  chart: { openInterest: { xs: [], ys: [] }, openInterestValue: { xs: [], ys: [] }, sources: [], gaps: [] },
};

describe('describeSeries', () => {
  it('states coverage, exact extremes with their times, gaps by kind and sources', () => {
    expect(describeSeries(report)).toBe(
      '5m series: 8,568 rows, 99.1% of 8,640 expected slots. ' +
        'Open interest lowest 81,200.100 (2026-11-01 01:00), highest 95,000.5 (2026-11-01 02:00), last 90,000 (2026-11-01 03:00). ' +
        'Open interest value: none stored. ' +
        '3 gaps, 72 missing slots: 60 fillable by api (within the API history), ' +
        '12 lost (older than the API history: api beyond-api-retention, archive file-missing). ' +
        'Sources: archive 8,000 rows, api 568 rows.',
    );
  });

  it('says so when nothing is expected and nothing is missing', () => {
    const empty: SeriesReport = {
      ...report,
      summary: {
        ...report.summary,
        rows: 0,
        expectedSlots: 0,
        coveragePercent: 100,
        gaps: [],
        fillableSlots: 0,
        lostSlots: 0,
        sources: [],
      },
    };
    expect(describeSeries(empty)).toBe('5m series: 0 rows, no slot expected in the range. No gaps.');
  });

  it("names a COIN-M contract's units beside its values", () => {
    const coinM: SeriesReport = {
      ...report,
      symbol: 'BTCUSD_PERP',
      units: { contractSizes: ['100'], valueAssets: ['BTC'] },
    };
    const text = describeSeries(coinM);
    expect(text).toContain('Open interest (contracts of 100 USD) lowest ');
    expect(text).toContain('Open interest value (BTC): none stored.');
    const unstated = describeSeries({ ...coinM, units: { contractSizes: [], valueAssets: [] } });
    expect(unstated).toContain('Open interest (contracts) lowest ');
    expect(unstated).toContain('Open interest value (the base coin): none stored.');
  });
});
