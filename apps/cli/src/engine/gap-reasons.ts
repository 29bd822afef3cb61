import type { GapCause, GapReason, GapReport } from '@oi/recovery';
import type { Series } from '@oi/storage';

/** Missing slots that share what can fill them and why, added up over symbols. */
export interface GapReasonTotal {
  readonly series: Series;
  /** `'archive'`, `'api'`, or `'none'` when no source can fill them. */
  readonly fillableBy: string;
  readonly reason: GapReason;
  /** The people's line, e.g. `beyond-api-retention and archive file missing`. */
  readonly detail: string;
  /** What the sources that cannot serve them said. */
  readonly causes: readonly GapCause[];
  readonly slots: number;
  readonly gaps: number;
  readonly symbols: readonly string[];
}

/**
 * The gaps of `reports` grouped by series, what can fill them and why (their `detail`), largest
 * first: the "still missing" summary of `oi backfill` and its `gapReasons` in `--json`.
 */
export function totalGapReasons(reports: readonly GapReport[]): GapReasonTotal[] {
  const totals = new Map<string, GapReasonTotal & { symbols: string[] }>();
  for (const gap of reports.flatMap((report) => report.gaps)) {
    const key = `${gap.series}\u0000${gap.fillableBy}\u0000${gap.detail}`;
    const total = totals.get(key);
    if (total === undefined) {
      totals.set(key, {
        series: gap.series,
        fillableBy: gap.fillableBy,
        reason: gap.reason,
        detail: gap.detail,
        causes: gap.causes,
        slots: gap.slots,
        gaps: 1,
        symbols: [gap.symbol],
      });
      continue;
    }
    totals.set(key, {
      ...total,
      slots: total.slots + gap.slots,
      gaps: total.gaps + 1,
      symbols: total.symbols.includes(gap.symbol) ? total.symbols : [...total.symbols, gap.symbol],
    });
  }
  return [...totals.values()].sort((a, b) => b.slots - a.slots);
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** One line per reason: `  576 slots (2 gaps, 2 symbols)  cannot be filled: beyond-api-retention and archive file missing`. */
export function formatGapReasons(totals: readonly GapReasonTotal[]): string {
  const lines = totals.map((total) => {
    const verdict = total.fillableBy === 'none' ? 'cannot be filled' : `fillable by ${total.fillableBy}`;
    return `  ${plural(total.slots, 'slot')} (${plural(total.gaps, 'gap')}, ${plural(total.symbols.length, 'symbol')})  ${verdict}: ${total.detail}`;
  });
  return lines.join('\n');
}
