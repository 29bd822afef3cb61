import { canonicalFiveMinuteDecimal, SERIES_SLOT_MS, type TimeRange } from '@oi/storage';
import type { HistoryRow, StorePoint } from './ports.ts';

/** A page's rows as 5m store points, and the slots whose values have no canonical form. */
export interface HistoryPoints {
  /** Points on the grid inside the page's range, canonical values, `source: api`, sorted. */
  readonly points: readonly StorePoint[];
  /** Slots whose values need more than eight fractional digits: not stored, reported. */
  readonly refusedSlots: readonly number[];
}

/**
 * History rows as 5m store points: only rows on the grid inside the page's range, the values in the
 * 5m series' canonical form (the API's own eight fractional digits, so nothing changes for its
 * rows); the circulating supply as sent.
 */
export function toHistoryPoints(rows: readonly HistoryRow[], range: TimeRange): HistoryPoints {
  const bySlot = new Map<number, StorePoint>();
  const refused = new Set<number>();
  for (const row of rows) {
    const slotMs = row.timestampMs;
    if (slotMs % SERIES_SLOT_MS['5m'] !== 0 || slotMs < range.startMs || slotMs >= range.endMs) continue;
    const openInterest = canonicalFiveMinuteDecimal(row.sumOpenInterest);
    const openInterestValue = canonicalFiveMinuteDecimal(row.sumOpenInterestValue);
    if (!openInterest.ok || !openInterestValue.ok) {
      refused.add(slotMs);
      continue;
    }
    bySlot.set(slotMs, {
      slotMs,
      openInterest: openInterest.text,
      openInterestValue: openInterestValue.text,
      extra: { CMCCirculatingSupply: row.cmcCirculatingSupply ?? '', source: 'api' },
    });
  }
  for (const slotMs of refused) bySlot.delete(slotMs);
  return {
    points: [...bySlot.values()].sort((a, b) => a.slotMs - b.slotMs),
    refusedSlots: [...refused].sort((a, b) => a - b),
  };
}
