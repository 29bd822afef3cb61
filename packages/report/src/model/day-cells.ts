import { dayRange, SERIES_SLOT_MS, type Series, type TimeRange } from '@oi/storage';
import type { Gap } from './recovery-types.ts';
import type { DayCell, GapTally } from './report-model.ts';

/** What the cells of one symbol's series are made from. */
export interface DayCellsInput {
  /** The series. */
  readonly series: Series;
  /** The days of the report, oldest first. */
  readonly dayKeys: readonly string[];
  /** The missing runs of the report's range (recovery's `scanGaps`). */
  readonly gaps: readonly Gap[];
  /** Rows stored on each day inside the range, by day key. */
  readonly dayRows: ReadonlyMap<string, number>;
  /** Sources of each day's rows, by day key. */
  readonly daySources: ReadonlyMap<string, readonly string[]>;
}

/** The part of `range` inside `within`, or undefined when they do not meet. */
function clip(range: TimeRange, within: TimeRange): TimeRange | undefined {
  const startMs = Math.max(range.startMs, within.startMs);
  const endMs = Math.min(range.endMs, within.endMs);
  return endMs > startMs ? { startMs, endMs } : undefined;
}

/**
 * The coverage map's cells of one symbol's series: per day, the stored rows, the missing slots cut
 * out of the gaps (split at midnight), and so the expected slots, which are exactly the two added.
 */
export function buildDayCells(input: DayCellsInput): DayCell[] {
  const slotMs = SERIES_SLOT_MS[input.series];
  return input.dayKeys.map((dayKey) => {
    const day = dayRange(dayKey);
    const dayGaps: Gap[] = [];
    for (const gap of input.gaps) {
      const inside = clip(gap.range, day);
      if (inside !== undefined) {
        dayGaps.push({ ...gap, range: inside, slots: Math.ceil((inside.endMs - inside.startMs) / slotMs) });
      }
    }
    const missing = dayGaps.reduce((sum, gap) => sum + gap.slots, 0);
    const lostSlots = dayGaps.filter((gap) => gap.fillableBy === 'none').reduce((sum, g) => sum + g.slots, 0);
    const presentSlots = input.dayRows.get(dayKey) ?? 0;
    return {
      dayKey,
      expectedSlots: presentSlots + missing,
      presentSlots,
      fillableSlots: missing - lostSlots,
      lostSlots,
      gaps: tallyGaps(dayGaps),
      sources: input.daySources.get(dayKey) ?? [],
    };
  });
}

/** `archive file-missing, api beyond-api-retention`: what the sources said about a gap. */
function describeCauses(gap: Gap): string {
  return gap.causes.map((cause) => `${cause.source} ${cause.cause}`).join(', ');
}

/** Gaps grouped by reason, by what can fill them and by what the sources said, most missing slots first. */
export function tallyGaps(gaps: readonly Gap[]): GapTally[] {
  const tallies = new Map<string, { -readonly [K in keyof GapTally]: GapTally[K] }>();
  for (const gap of gaps) {
    const detail = describeCauses(gap);
    const key = `${gap.reason}\u0000${gap.fillableBy}\u0000${detail}`;
    const tally = tallies.get(key);
    if (tally === undefined) {
      tallies.set(key, {
        reason: gap.reason,
        fillableBy: gap.fillableBy,
        detail,
        gaps: 1,
        slots: gap.slots,
      });
    } else {
      tally.gaps += 1;
      tally.slots += gap.slots;
    }
  }
  return [...tallies.values()].sort((a, b) => b.slots - a.slots || a.reason.localeCompare(b.reason));
}
