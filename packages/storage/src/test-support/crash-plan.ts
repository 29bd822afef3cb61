// Shared by the crash writer (child) and the crash test (parent): which symbols are written and the
// one value each slot may ever hold, so the parent can tell a stored row from an invented one.
import type { OiPoint } from '../model/oi-point.ts';
import { SERIES_SLOT_MS, type Series } from '../model/series.ts';

/** Symbols the crash writer writes. */
export const CRASH_SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] as const;

/** First live slot: an hour before midnight, so live appends cross into a new day file. */
export const CRASH_BASE_MS = Date.UTC(2026, 10, 24, 23, 0);

/** The only point the crash writer ever stores for this symbol, series and slot. */
export function crashPoint(symbol: string, series: Series, slotMs: number): OiPoint {
  const symbolIndex = CRASH_SYMBOLS.indexOf(symbol as (typeof CRASH_SYMBOLS)[number]);
  const n = slotMs / SERIES_SLOT_MS[series];
  // Trailing zeros make any float round trip visible.
  const openInterest = `${(n % 100_000) + 1}.${symbolIndex}${series === '1m' ? '10' : '50'}`;
  const openInterestValue = `${n % 7919}.0${symbolIndex}0`;
  const extra: Record<string, string> =
    series === '1m'
      ? { markPrice: `${n % 1000}.50`, exchangeTime: String(slotMs + 17) }
      : { CMCCirculatingSupply: '', source: 'api' };
  return { slotMs, openInterest, openInterestValue, extra };
}
