import { DateTime } from 'luxon';

/**
 * Luxon in UTC and a fixed locale: its text never follows the machine's locale (a Thai one would
 * write Thai digits and Buddhist years), and ICU's locale data (about 5 MB of a daemon's RSS) is
 * never loaded.
 */
export const LUXON_UTC = { zone: 'utc', locale: 'en-US' } as const;

import { InvalidDayKeyError, InvalidTimeRangeError } from './errors.ts';
import type { TimeRange } from './time-range.ts';

/** Milliseconds in one UTC day. */
export const DAY_MS = 86_400_000;

const DAY_KEY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
// Day files exist for 1970..9999 only; this keeps every day key exactly ten characters long.
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function assertEpochMs(ms: number): void {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > MAX_MS) {
    throw new InvalidTimeRangeError(`invalid epoch ms ${String(ms)}: expected an integer in 1970..9999`);
  }
}

// Writes come in runs of slots from one day, so the last day's text is kept: the day key and
// datetime_utc are formatted once per row of every day-file write and were a tenth of a backfill.
let lastDayIndex = -1;
let lastDayIso = '';

/** `YYYY-MM-DDT` of the UTC day `dayIndex` (days since 1970-01-01). */
function dayIsoPrefix(dayIndex: number): string {
  if (dayIndex !== lastDayIndex) {
    lastDayIso = new Date(dayIndex * DAY_MS).toISOString().slice(0, 11);
    lastDayIndex = dayIndex;
  }
  return lastDayIso;
}

/** `HH:MM:00.000Z` for each minute of a day. */
const MINUTE_SUFFIXES: readonly string[] = Array.from(
  { length: 1440 },
  (_, minute) =>
    `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00.000Z`,
);

/** The UTC day (`YYYY-MM-DD`) containing the instant `ms`. */
export function dayKeyOf(ms: number): string {
  assertEpochMs(ms);
  return dayIsoPrefix(Math.floor(ms / DAY_MS)).slice(0, 10);
}

/** Returns `dayKey` when it is a real calendar date as `YYYY-MM-DD`, otherwise throws InvalidDayKeyError. */
export function assertDayKey(dayKey: string): string {
  if (typeof dayKey !== 'string' || !DAY_KEY_PATTERN.test(dayKey))
    throw new InvalidDayKeyError(String(dayKey));
  const parsed = DateTime.fromISO(dayKey, LUXON_UTC);
  if (!parsed.isValid || parsed.toISODate() !== dayKey || parsed.year < 1970)
    throw new InvalidDayKeyError(dayKey);
  return dayKey;
}

/** True when `dayKey` is a real calendar date as `YYYY-MM-DD`. */
export function isDayKey(dayKey: string): boolean {
  try {
    assertDayKey(dayKey);
    return true;
  } catch {
    return false;
  }
}

/** The half-open range `[00:00, next 00:00)` UTC of a day. */
export function dayRange(dayKey: string): TimeRange {
  assertDayKey(dayKey);
  const startMs = DateTime.fromISO(dayKey, LUXON_UTC).toMillis();
  return { startMs, endMs: startMs + DAY_MS };
}

/** The day keys whose days intersect `range`, oldest first. */
export function dayKeysInRange(range: TimeRange): string[] {
  if (range.endMs <= range.startMs) return [];
  const keys: string[] = [];
  const first = Math.floor(Math.max(0, range.startMs) / DAY_MS) * DAY_MS;
  const last = Math.min(range.endMs - 1, MAX_MS);
  for (let dayStartMs = first; dayStartMs <= last; dayStartMs += DAY_MS) keys.push(dayKeyOf(dayStartMs));
  return keys;
}

/** ISO-8601 UTC with milliseconds and `Z`, e.g. `2026-11-24T03:05:00.000Z`: the `datetime_utc` column. */
export function formatDatetimeUtc(ms: number): string {
  // The same text as luxon's UTC toISO() for every slot this store holds (years 1970-9999), at a
  // fraction of the cost: it is called once per row on every day-file write. Slots are whole
  // minutes, so the text is the day's prefix and the minute's suffix.
  if (ms % 60_000 === 0 && ms >= 0 && ms <= MAX_MS) {
    const dayIndex = Math.floor(ms / DAY_MS);
    return dayIsoPrefix(dayIndex) + (MINUTE_SUFFIXES[(ms - dayIndex * DAY_MS) / 60_000] as string);
  }
  return new Date(ms).toISOString();
}

/** The `YYYY-MM-DD HH:MM:SS` form the replaced tool wrote into `datetime_utc`. */
export function formatLegacyDatetimeUtc(ms: number): string {
  return DateTime.fromMillis(ms, LUXON_UTC).toFormat('yyyy-MM-dd HH:mm:ss');
}
