import { SERIES_SLOT_MS, type Series, type TimeRange } from '@oi/storage';

/** The start of the slot that contains `ms`. */
export function floorToSlot(ms: number, series: Series): number {
  const slotMs = SERIES_SLOT_MS[series];
  return Math.floor(ms / slotMs) * slotMs;
}

/** The first slot start at or after `ms`. */
export function ceilToSlot(ms: number, series: Series): number {
  const slotMs = SERIES_SLOT_MS[series];
  return Math.ceil(ms / slotMs) * slotMs;
}

/** How many slots the given slot-aligned ranges hold (ranges are assumed not to overlap). */
export function countSlots(ranges: readonly TimeRange[], series: Series): number {
  const slotMs = SERIES_SLOT_MS[series];
  return ranges.reduce((sum, r) => sum + Math.max(0, Math.ceil((r.endMs - r.startMs) / slotMs)), 0);
}

/** When a symbol could have data: from its onboard date, and before its delisting (delivery) time. */
export interface Listing {
  /** The listing time (exchangeInfo `onboardDate`). */
  readonly onboardDateMs: number;
  /** The delisting or delivery time (exchangeInfo `deliveryDate`); perpetuals carry a date in 2100. */
  readonly deliveryDateMs?: number;
}

/**
 * The slots a series should hold inside `range`, as at most one slot-aligned range: a slot counts when
 * its instant lies in `range`, at or after the listing and before the delisting.
 */
export function expectedSlots(series: Series, range: TimeRange, listing?: Listing): TimeRange[] {
  const fromMs = Math.max(range.startMs, listing?.onboardDateMs ?? Number.NEGATIVE_INFINITY);
  const toMs = Math.min(range.endMs, listing?.deliveryDateMs ?? Number.POSITIVE_INFINITY);
  const startMs = ceilToSlot(fromMs, series);
  const endMs = ceilToSlot(toMs, series);
  return endMs > startMs ? [{ startMs, endMs }] : [];
}
