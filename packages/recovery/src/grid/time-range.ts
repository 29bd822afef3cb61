import type { TimeRange } from '@oi/storage';

/** Sorts ranges and merges those that overlap or touch; empty ranges are dropped. */
export function mergeRanges(ranges: readonly TimeRange[]): TimeRange[] {
  const sorted = ranges.filter((r) => r.endMs > r.startMs).sort((a, b) => a.startMs - b.startMs);
  const merged: TimeRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && range.startMs <= last.endMs) {
      if (range.endMs > last.endMs) merged[merged.length - 1] = { startMs: last.startMs, endMs: range.endMs };
    } else {
      merged.push({ startMs: range.startMs, endMs: range.endMs });
    }
  }
  return merged;
}

/** The parts of `from` not covered by any of `remove`, merged and sorted. */
export function subtractRanges(from: readonly TimeRange[], remove: readonly TimeRange[]): TimeRange[] {
  const holes = mergeRanges(remove);
  const result: TimeRange[] = [];
  for (const range of mergeRanges(from)) {
    let cursorMs = range.startMs;
    for (const hole of holes) {
      if (hole.endMs <= cursorMs) continue;
      if (hole.startMs >= range.endMs) break;
      if (hole.startMs > cursorMs) result.push({ startMs: cursorMs, endMs: hole.startMs });
      cursorMs = Math.max(cursorMs, hole.endMs);
      if (cursorMs >= range.endMs) break;
    }
    if (cursorMs < range.endMs) result.push({ startMs: cursorMs, endMs: range.endMs });
  }
  return result;
}

/** The parts common to both lists, merged and sorted. */
export function intersectRanges(a: readonly TimeRange[], b: readonly TimeRange[]): TimeRange[] {
  const left = mergeRanges(a);
  const right = mergeRanges(b);
  const result: TimeRange[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const l = left[i]!;
    const r = right[j]!;
    const startMs = Math.max(l.startMs, r.startMs);
    const endMs = Math.min(l.endMs, r.endMs);
    if (endMs > startMs) result.push({ startMs, endMs });
    if (l.endMs < r.endMs) i++;
    else j++;
  }
  return result;
}
