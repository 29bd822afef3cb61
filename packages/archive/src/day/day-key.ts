import { DateTime } from 'luxon';

/** One UTC day in ms. */
export const DAY_MS = 86_400_000;

const DAY_KEY = /^\d{4}-\d{2}-\d{2}$/;
const LABEL = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Start of a `YYYY-MM-DD` UTC day in epoch ms, or `undefined` when the text is not a real day. */
export function parseDayKey(day: string): number | undefined {
  if (!DAY_KEY.test(day)) return undefined;
  const date = DateTime.fromFormat(day, 'yyyy-MM-dd', { zone: 'utc' });
  return date.isValid ? date.toMillis() : undefined;
}

/**
 * Returns a parser of the archive's `create_time` labels (`YYYY-MM-DD HH:MM:SS`, UTC) to epoch ms,
 * `undefined` for anything else. The calendar part goes through luxon once per distinct day (a file
 * holds one or two); the clock part is plain arithmetic, as a file has 288 of them.
 */
export function createLabelParser(): (label: string) => number | undefined {
  const dayStarts = new Map<string, number | undefined>();
  return (label) => {
    const match = LABEL.exec(label);
    if (match === null) return undefined;
    const day = match[1]!;
    if (!dayStarts.has(day)) dayStarts.set(day, parseDayKey(day));
    const dayStartMs = dayStarts.get(day);
    const hours = Number(match[2]);
    const minutes = Number(match[3]);
    const seconds = Number(match[4]);
    if (dayStartMs === undefined || hours > 23 || minutes > 59 || seconds > 59) return undefined;
    return dayStartMs + ((hours * 60 + minutes) * 60 + seconds) * 1000;
  };
}
