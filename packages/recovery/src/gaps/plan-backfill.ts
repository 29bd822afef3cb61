import type { TimeRange } from '@oi/storage';
import { SERIES_SLOT_MS } from '@oi/storage';
import { countSlots } from '../grid/slot-grid.ts';
import { mergeRanges } from '../grid/time-range.ts';
import type { Gap } from './find-gaps.ts';

/** Rows per history request (the endpoint's maximum `limit`). */
export const HISTORY_PAGE_SLOTS = 500;

/** One history page request: at most {@link HISTORY_PAGE_SLOTS} 5m slots of one symbol. */
export interface BackfillWindow {
  /** The symbol to request. */
  readonly symbol: string;
  /** `[start, end)`, with `end - start <= 500 * 300 000`; starts and ends on missing slots. */
  readonly range: TimeRange;
  /** Missing slots inside `range` (the rest is already stored). */
  readonly missingSlots: number;
}

/**
 * The fewest history page requests that cover every API-fillable 5m gap: per symbol, a window opens at
 * the oldest uncovered missing slot and spans 500 slots, swallowing every gap that starts inside it.
 * Opening each window at the oldest uncovered slot is optimal for fixed-width windows. A window's end is
 * trimmed to its last missing slot so no request asks for slots that are stored or not yet due.
 */
export function planBackfill(gaps: readonly Gap[]): BackfillWindow[] {
  const bySymbol = new Map<string, TimeRange[]>();
  for (const gap of gaps) {
    if (gap.series !== '5m' || gap.fillableBy !== 'api') continue;
    const list = bySymbol.get(gap.symbol) ?? [];
    list.push(gap.range);
    bySymbol.set(gap.symbol, list);
  }
  const widthMs = HISTORY_PAGE_SLOTS * SERIES_SLOT_MS['5m'];
  const windows: BackfillWindow[] = [];
  for (const [symbol, ranges] of bySymbol) {
    let pending = mergeRanges(ranges);
    while (pending.length > 0) {
      const startMs = pending[0]!.startMs;
      const limitMs = startMs + widthMs;
      const inside: TimeRange[] = [];
      const rest: TimeRange[] = [];
      for (const range of pending) {
        if (range.startMs >= limitMs) rest.push(range);
        else if (range.endMs <= limitMs) inside.push(range);
        else {
          inside.push({ startMs: range.startMs, endMs: limitMs });
          rest.push({ startMs: limitMs, endMs: range.endMs });
        }
      }
      const endMs = inside.at(-1)!.endMs;
      windows.push({ symbol, range: { startMs, endMs }, missingSlots: countSlots(inside, '5m') });
      pending = rest;
    }
  }
  return windows;
}
