import { seededRandom } from '@oi/test-support';
import { describe, expect, it } from 'vitest';
import { bucketWidthMs } from '../model/downsample-min-max.ts';
import type { ReportModel, SeriesReport } from '../model/report-model.ts';
import { SeriesAccumulator } from '../model/series-accumulator.ts';
import { seriesDayOf, type TestRow } from '../test-support/series-day-of.ts';
import { buildChartData, packLine } from './chart-data.ts';
import { jsonForScript } from './escape-html.ts';

const DAY = 86_400_000;
const D1 = Date.UTC(2026, 10, 1);

function unpack(packed: ReturnType<typeof packLine>, baseMs: number) {
  let minute = 0;
  return {
    xs: packed.x.map((delta) => {
      minute += delta;
      return baseMs + minute * 60_000;
    }),
    ys: packed.y.map((y) => (y === null ? null : y * packed.yScale)),
  };
}

describe('packLine', () => {
  it.each([
    { name: 'large values', ys: [7_712_345_678.123, Number.NaN, 7_712_399_999.9, 6_000_000_000] },
    { name: 'small values', ys: [0.012_345_678, 0.012_3, Number.NaN, 0.000_5] },
    { name: 'values around one', ys: [1.5, 0.999_999_9, 2] },
  ])('gives back the minutes exactly and the $name to six significant digits, nulls kept', ({ ys }) => {
    const line = { xs: ys.map((_, index) => D1 + index * 300_000), ys };
    const back = unpack(packLine(line, D1), D1);
    expect(back.xs).toEqual(line.xs);
    const largest = Math.max(...ys.filter((y) => !Number.isNaN(y)).map(Math.abs));
    for (const [index, y] of ys.entries()) {
      if (Number.isNaN(y)) expect(back.ys[index]).toBeNull();
      else expect(Math.abs((back.ys[index] ?? Number.NaN) - y)).toBeLessThanOrEqual(largest * 1e-5);
    }
  });
});

describe('buildChartData', () => {
  it('keeps a symbol with 30 days of 5m and 1m rows under 60 KB, so 50 symbols fit a 5 MB page', () => {
    const range = { startMs: D1, endMs: D1 + 30 * DAY };
    const random = seededRandom(3);
    const reports: SeriesReport[] = (['5m', '1m'] as const).map((series) => {
      const slotMs = series === '5m' ? 300_000 : 60_000;
      const accumulator = new SeriesAccumulator({
        range,
        slotMs,
        bucketMs: bucketWidthMs(range, slotMs, 600),
      });
      let oi = 81_234.567;
      const rows: TestRow[] = [];
      for (let slot = range.startMs; slot < range.endMs; slot += slotMs) {
        oi *= 1 + (random() - 0.5) / 500;
        if (random() < 0.002) continue;
        const source = series === '1m' ? 'live' : slot < range.endMs - 2 * DAY ? 'archive' : 'api';
        rows.push({
          slotMs: slot,
          openInterest: oi.toFixed(3),
          openInterestValue: (oi * 95_000.12).toFixed(8),
          source,
        });
      }
      accumulator.addDay(seriesDayOf(rows));
      const data = accumulator.result();
      return {
        symbol: 'BTCUSDT',
        series,
        units: null,
        summary: {} as SeriesReport['summary'],
        days: [],
        chart: {
          openInterest: data.openInterestLine,
          openInterestValue: data.openInterestValueLine,
          sources: data.sourceRuns,
          gaps: [],
        },
      };
    });
    const model = { range } as ReportModel;
    const bytes = jsonForScript(buildChartData(model, reports)).length;
    expect(bytes).toBeLessThan(60_000);
  });
});
