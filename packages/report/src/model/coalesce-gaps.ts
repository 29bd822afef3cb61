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
