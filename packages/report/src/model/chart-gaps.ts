import type { Gap } from './recovery-types.ts';
import type { ChartGap } from './report-model.ts';

/**
 * The gaps a chart shades: lost and fillable gaps apart, each kind merged with its neighbours when
 * less than `joinWithinMs` (one chart bucket) separates them, so a series with a missed minute
 * every hour draws one band per bucket rather than thousands of hairlines.
 */
export function coalesceGaps(gaps: readonly Gap[], joinWithinMs: number): ChartGap[] {
  const merged: ChartGap[] = [];
  for (const lost of [false, true]) {
    let open: { startMs: number; endMs: number } | undefined;
    for (const gap of gaps) {
      if ((gap.fillableBy === 'none') !== lost) continue;
      if (open !== undefined && gap.range.startMs - open.endMs < joinWithinMs) {
        open.endMs = Math.max(open.endMs, gap.range.endMs);
        continue;
      }
      if (open !== undefined) merged.push({ range: open, lost });
      open = { startMs: gap.range.startMs, endMs: gap.range.endMs };
    }
    if (open !== undefined) merged.push({ range: open, lost });
  }
  return merged;
}

/**
 * The time missing from every one of several series' gap lists: where a chart of those series draws
 * no line at all. A stretch is lost only where it is lost in every series; where any series can
 * still be filled, so can the stretch.
 */
export function commonGaps(gapLists: readonly (readonly ChartGap[])[]): ChartGap[] {
  const [first, ...rest] = gapLists;
  if (first === undefined) return [];
  let common: ChartGap[] = [...first];
  for (const gaps of rest) {
    const next: ChartGap[] = [];
    for (const a of common) {
      for (const b of gaps) {
        const startMs = Math.max(a.range.startMs, b.range.startMs);
        const endMs = Math.min(a.range.endMs, b.range.endMs);
        if (endMs > startMs) next.push({ range: { startMs, endMs }, lost: a.lost && b.lost });
      }
    }
    common = next;
  }
  return common.sort((a, b) => a.range.startMs - b.range.startMs);
}
