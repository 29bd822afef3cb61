import type { Gap } from '../model/recovery-types.ts';

/**
 * A BTCUSDT gap as recovery reports one: fillable by `fillableBy` within the API history, or, with
 * `'none'`, lost (a live minute for 1m, no source for 5m); no source said anything more.
 */
export function testGap(startMs: number, endMs: number, fillableBy: string, series: '1m' | '5m' = '5m'): Gap {
  return {
    symbol: 'BTCUSDT',
    series,
    range: { startMs, endMs },
    slots: (endMs - startMs) / (series === '5m' ? 300_000 : 60_000),
    fillableBy,
    reason: fillableBy === 'none' ? (series === '1m' ? 'live-only' : 'no-source') : 'api-retention',
    causes: [],
    detail: '',
  };
}
