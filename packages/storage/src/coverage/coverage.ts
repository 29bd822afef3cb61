import { dayKeysInRange } from '../model/day-key.ts';
import { assertSeries, SERIES_SLOT_MS, type Series } from '../model/series.ts';
import { assertSymbol } from '../model/symbol.ts';
import { assertTimeRange, type TimeRange } from '../model/time-range.ts';
import { type DayScanOptions, loadDaySummaries } from './day-summaries.ts';

/**
 * The slots starting inside `range` that hold a valid row, merged into runs `[firstSlot, lastSlot + slot)`,
 * oldest first. Needs no lock; served from the per-day cache when it is fresh, the other files
 * scanned as `scan` says.
 */
export async function coverage(
  dataDir: string,
  symbol: string,
  series: Series,
  range: TimeRange,
  scan: DayScanOptions = {},
): Promise<readonly TimeRange[]> {
  assertSymbol(symbol);
  assertSeries(series);
  assertTimeRange(range);
  const days = new Set(dayKeysInRange(range));
  if (days.size === 0) return [];
  const summaries = await loadDaySummaries(dataDir, symbol, series, (dayKey) => days.has(dayKey), scan);
  // A slot belongs to the range when its start does, so the bounds move up to the grid.
  const slotMs = SERIES_SLOT_MS[series];
  const firstSlotMs = Math.ceil(range.startMs / slotMs) * slotMs;
  const endSlotMs = Math.ceil(range.endMs / slotMs) * slotMs;
  const runs: { startMs: number; endMs: number }[] = [];
  for (const summary of summaries) {
    for (const [runStart, runEnd] of summary.runs) {
      const startMs = Math.max(runStart, firstSlotMs);
      const endMs = Math.min(runEnd, endSlotMs);
      if (startMs >= endMs) continue;
      const last = runs[runs.length - 1];
      if (last !== undefined && last.endMs === startMs) last.endMs = endMs;
      else runs.push({ startMs, endMs });
    }
  }
  return runs;
}
