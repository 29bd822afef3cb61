import { DateTime } from 'luxon';

/** One UTC day in ms. */
export const DAY_MS = 86_400_000;

const DAY_KEY = /^\d{4}-\d{2}-\d{2}$/;
// A fixed locale, as storage's LUXON_UTC: parsing never loads ICU's locale data.
const LUXON_UTC = { zone: 'utc', locale: 'en-US' } as const;

/** Start of a `YYYY-MM-DD` UTC day in epoch ms, or `undefined` when the text is not a real day. */
export function parseDayKey(day: string): number | undefined {
  if (!DAY_KEY.test(day)) return undefined;
  const date = DateTime.fromFormat(day, 'yyyy-MM-dd', LUXON_UTC);
  return date.isValid ? date.toMillis() : undefined;
}

/**
 * Returns a parser of the archive's `create_time` labels (`YYYY-MM-DD HH:MM:SS`, UTC) to epoch ms,
 * `undefined` for anything else. The calendar part goes through luxon once per distinct day (a file
 * holds one or two); the clock part is read digit by digit, as a file has 288 of them.
 */
export function createLabelParser(): (label: string) => number | undefined {
  let lastDay = '';
  let lastDayStartMs: number | undefined;
  return (label) => {
    if (label.length !== LABEL_LENGTH || !isClockPart(label)) return undefined;
    if (lastDay === '' || !label.startsWith(lastDay)) {
      lastDay = label.slice(0, 10);
      lastDayStartMs = DAY_KEY.test(lastDay) ? parseDayKey(lastDay) : undefined;
    }
    if (lastDayStartMs === undefined) return undefined;
    const hours = twoDigits(label, 11);
    const minutes = twoDigits(label, 14);
    const seconds = twoDigits(label, 17);
    if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
    return lastDayStartMs + ((hours * 60 + minutes) * 60 + seconds) * 1000;
  };
}

const LABEL_LENGTH = 19;
const ZERO = 48;

const isDigitAt = (text: string, index: number): boolean => {
  const code = text.charCodeAt(index) - ZERO;
  return code >= 0 && code <= 9;
};

// ` HH:MM:SS` after the day: the separators in place and six digits.
function isClockPart(label: string): boolean {
  return (
    label.charCodeAt(10) === 32 &&
    label.charCodeAt(13) === 58 &&
    label.charCodeAt(16) === 58 &&
    isDigitAt(label, 11) &&
    isDigitAt(label, 12) &&
    isDigitAt(label, 14) &&
    isDigitAt(label, 15) &&
    isDigitAt(label, 17) &&
    isDigitAt(label, 18)
  );
}

const twoDigits = (text: string, index: number): number =>
  (text.charCodeAt(index) - ZERO) * 10 + text.charCodeAt(index + 1) - ZERO;
