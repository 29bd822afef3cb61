import type { TimeRange } from '@oi/storage';

/**
 * The stored runs that fall in `range`, as storage's `coverage` gives them: the slots starting inside
 * `range` (its bounds moved up to the slot grid) that hold a row, merged into runs. The report hands
 * this to recovery's `scanGaps` for the rows it has just read, so each day file is read once: no
 * second pass through the coverage scan or its cache.
 */
export function storedCoverage(runs: readonly TimeRange[], range: TimeRange, slotMs: number): TimeRange[] {
  const firstSlotMs = Math.ceil(range.startMs / slotMs) * slotMs;
  const endSlotMs = Math.ceil(range.endMs / slotMs) * slotMs;
  const inside: TimeRange[] = [];
  for (const run of runs) {
    const startMs = Math.max(run.startMs, firstSlotMs);
    const endMs = Math.min(run.endMs, endSlotMs);
    if (startMs < endMs) inside.push({ startMs, endMs });
  }
  return inside;
}
