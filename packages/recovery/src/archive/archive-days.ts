import { DAY_MS, dayKeysInRange, dayRange, SERIES_SLOT_MS, type TimeRange } from '@oi/storage';
import { intersectRanges, mergeRanges } from '../grid/time-range.ts';

// Which archive file holds which 5m slot. Whatever its label convention, day D's file gives the
// snapshots taken at D 00:05 .. D+1 00:00, so a day's own 00:00 slot comes from the previous file.

const SLOT_MS = SERIES_SLOT_MS['5m'];

/** The first day of Binance's daily metrics archive (BTCUSDT's first file); nothing older exists. */
export const ARCHIVE_FIRST_DAY = '2020-09-01';

/** The slots day `day`'s file gives: `[D 00:05, D+1 00:05)`. */
export function archiveFileSlots(day: string): TimeRange {
  const { startMs } = dayRange(day);
  return { startMs: startMs + SLOT_MS, endMs: startMs + DAY_MS + SLOT_MS };
}

/**
 * The slots the archive can hold at `nowMs`: from its first file to the last finished day's file,
 * whose last slot is today's 00:00. Today's file does not exist before today ends; yesterday's appears
 * some time after midnight, which only asking tells.
 */
export function archiveReach(nowMs: number, firstDay: string = ARCHIVE_FIRST_DAY): TimeRange {
  return {
    startMs: archiveFileSlots(firstDay).startMs,
    endMs: Math.floor(nowMs / DAY_MS) * DAY_MS + SLOT_MS,
  };
}

/** The days, oldest first, whose files hold a slot of `ranges` inside `reach`. */
export function archiveDaysOf(ranges: readonly TimeRange[], reach: TimeRange): string[] {
  const days = new Set<string>();
  for (const range of intersectRanges(mergeRanges(ranges), [reach])) {
    // A file's slots are shifted one slot after its day, so shift back to find the days.
    for (const day of dayKeysInRange({ startMs: range.startMs - SLOT_MS, endMs: range.endMs - SLOT_MS })) {
      days.add(day);
    }
  }
  return [...days].sort();
}
