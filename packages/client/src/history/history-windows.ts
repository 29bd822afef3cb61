import type { TimeRange } from '../parse/records.ts';

/** Binance's largest page of openInterestHist. */
export const HISTORY_ROWS_PER_REQUEST = 500;

/** Inputs of {@link planHistoryWindows}. */
export interface HistoryWindowPlanInput {
  /** Half-open range wanted. */
  readonly range: TimeRange;
  /** Slot length, ms. */
  readonly slotMs: number;
  /** Server time now, ms. */
  readonly nowMs: number;
  /** How far back the API serves, ms. */
  readonly retentionMs: number;
  /** Stay this far inside the retention wall, ms. */
  readonly retentionMarginMs: number;
  /** Listing time of the symbol, if known. */
  readonly listedAtMs?: number;
  /** Slots per request. @default 500 */
  readonly slotsPerRequest?: number;
}

/** One step of a history plan: a range to fetch (with Binance's inclusive bounds) or one not to ask for. */
export type HistoryWindow =
  | {
      readonly kind: 'fetch';
      readonly range: TimeRange;
      /** Inclusive `startTime` to send. */
      readonly startTimeMs: number;
      /** Inclusive `endTime` to send. */
      readonly endTimeMs: number;
    }
  | { readonly kind: 'before-listing'; readonly range: TimeRange }
  | { readonly kind: 'beyond-retention'; readonly range: TimeRange };

const ceilTo = (valueMs: number, stepMs: number): number => Math.ceil(valueMs / stepMs) * stepMs;

/**
 * Splits a range into the steps of paging, on the slot grid: the part before the listing, the part
 * older than the retention wall (plus margin), then windows of `slotsPerRequest` slots, each asked
 * for with `endTime = windowStart + slotMs * slotsPerRequest - 1` so no slot is asked twice.
 */
export function planHistoryWindows(input: HistoryWindowPlanInput): readonly HistoryWindow[] {
  const { slotMs } = input;
  const slotsPerRequest = input.slotsPerRequest ?? HISTORY_ROWS_PER_REQUEST;
  const startMs = ceilTo(input.range.startMs, slotMs);
  const endMs = ceilTo(input.range.endMs, slotMs);
  const windows: HistoryWindow[] = [];
  if (startMs >= endMs) return windows;
  let cursorMs = startMs;
  if (input.listedAtMs !== undefined) {
    const listedSlotMs = Math.min(endMs, ceilTo(input.listedAtMs, slotMs));
    if (listedSlotMs > cursorMs) {
      windows.push({ kind: 'before-listing', range: { startMs: cursorMs, endMs: listedSlotMs } });
      cursorMs = listedSlotMs;
    }
  }
  const wallSlotMs = Math.min(
    endMs,
    ceilTo(input.nowMs - input.retentionMs + input.retentionMarginMs, slotMs),
  );
  if (wallSlotMs > cursorMs) {
    windows.push({ kind: 'beyond-retention', range: { startMs: cursorMs, endMs: wallSlotMs } });
    cursorMs = wallSlotMs;
  }
  const stepMs = slotMs * slotsPerRequest;
  while (cursorMs < endMs) {
    const windowEndMs = Math.min(endMs, cursorMs + stepMs);
    windows.push({
      kind: 'fetch',
      range: { startMs: cursorMs, endMs: windowEndMs },
      startTimeMs: cursorMs,
      endTimeMs: windowEndMs - 1,
    });
    cursorMs = windowEndMs;
  }
  return windows;
}
