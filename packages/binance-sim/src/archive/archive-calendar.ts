import type { SimSymbol } from '../market/universe.ts';

/** One UTC day. */
export const DAY_MS = 86_400_000;
/** The archive's row interval: one 5-minute snapshot per row. */
export const SLOT_MS = 300_000;

/** The archive's two futures markets: USDⓈ-M (`um`) and COIN-M (`cm`). */
export type ArchiveMarket = 'um' | 'cm';

/**
 * How a day file labels its rows. `end-of-period`: labels `D 00:05` .. `D+1 00:00`, each the
 * snapshot at its label. `start-of-period`: labels `D 00:00` .. `D 23:55`, each the snapshot at
 * label + 5 min. Either way the file of day D holds the snapshots `D 00:05` .. `D+1 00:00`.
 */
export type LabelConvention = 'end-of-period' | 'start-of-period';

/** When and how the archive publishes, resolved from the simulator's options. */
export interface ArchiveCalendar {
  /** The first day any file exists for (the archive's start). */
  readonly firstDayMs: number;
  /** The first USDⓈ-M day whose file uses start-of-period labels. */
  readonly labelSwitchDayMs: number;
  /** A day's file appears this long after the day ends. */
  readonly publishDelayMs: number;
}

const DAY_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The start (epoch ms) of a `YYYY-MM-DD` UTC day, or undefined when the text is not a real day. */
export function parseDayKey(day: string): number | undefined {
  const match = DAY_KEY.exec(day);
  if (match === null) return undefined;
  const startMs = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return formatDayKey(startMs) === day ? startMs : undefined;
}

/** The `YYYY-MM-DD` key of the UTC day containing an instant. */
export function formatDayKey(timeMs: number): string {
  return new Date(timeMs).toISOString().slice(0, 10);
}

const two = (value: number): string => (value < 10 ? `0${value}` : String(value));

let lastDay = { startMs: Number.NaN, key: '' };

/** An instant as the archive's `create_time`: `YYYY-MM-DD HH:MM:SS` UTC. */
export function formatCreateTime(timeMs: number): string {
  // A file has 288 labels and one or two distinct days: the day text is remembered, the clock
  // part is plain arithmetic.
  const dayStartMs = Math.floor(timeMs / DAY_MS) * DAY_MS;
  if (lastDay.startMs !== dayStartMs) lastDay = { startMs: dayStartMs, key: formatDayKey(dayStartMs) };
  const seconds = Math.floor((timeMs - dayStartMs) / 1000);
  return `${lastDay.key} ${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
}

const TIME_OF_DAY = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** `HH:MM` or `HH:MM:SS` as milliseconds after midnight (`24:00` is the next midnight), or undefined. */
export function parseTimeOfDay(text: string): number | undefined {
  const match = TIME_OF_DAY.exec(text);
  if (match === null) return undefined;
  const [hours, minutes, seconds] = [Number(match[1]), Number(match[2]), Number(match[3] ?? '0')];
  if (minutes > 59 || seconds > 59 || hours > 24 || (hours === 24 && minutes + seconds > 0)) return undefined;
  return ((hours * 60 + minutes) * 60 + seconds) * 1000;
}

/** The convention of a day's file: COIN-M always start-of-period; USDⓈ-M from the switch day on. */
export function labelConventionOf(
  calendar: ArchiveCalendar,
  market: ArchiveMarket,
  dayStartMs: number,
): LabelConvention {
  if (market === 'cm') return 'start-of-period';
  return dayStartMs < calendar.labelSwitchDayMs ? 'end-of-period' : 'start-of-period';
}

/** When the file of a day is published (and when its first version was last modified). */
export function publishedAtMs(calendar: ArchiveCalendar, dayStartMs: number): number {
  return dayStartMs + DAY_MS + calendar.publishDelayMs;
}

/** The snapshots a symbol has: from its first 5-minute boundary after listing to its delisting. */
export function snapshotRange(symbol: SimSymbol): { firstMs: number; lastMs: number } {
  const firstMs = Math.ceil(symbol.onboardDateMs / SLOT_MS) * SLOT_MS;
  const lastMs =
    symbol.delistedAtMs === undefined
      ? Number.POSITIVE_INFINITY
      : Math.floor(symbol.delistedAtMs / SLOT_MS) * SLOT_MS;
  return { firstMs, lastMs };
}

/** The day whose file holds a snapshot: file D holds `D 00:05` .. `D+1 00:00`. */
export function fileDayOfSnapshot(snapshotMs: number): number {
  return Math.floor((snapshotMs - 1) / DAY_MS) * DAY_MS;
}

/**
 * The days a symbol ever has files for: from its listing day (not before the archive's first day)
 * to its delisting day, or on without end while it trades.
 */
export function fileDayLife(
  calendar: ArchiveCalendar,
  symbol: SimSymbol,
): { firstDayMs: number; lastDayMs: number } {
  const snapshots = snapshotRange(symbol);
  return {
    firstDayMs: Math.max(calendar.firstDayMs, fileDayOfSnapshot(snapshots.firstMs)),
    lastDayMs: Number.isFinite(snapshots.lastMs)
      ? fileDayOfSnapshot(snapshots.lastMs)
      : Number.POSITIVE_INFINITY,
  };
}

/** The days a symbol has files for at a server time: its life up to the last published day, or undefined. */
export function fileDayRange(
  calendar: ArchiveCalendar,
  symbol: SimSymbol,
  nowMs: number,
): { firstDayMs: number; lastDayMs: number } | undefined {
  const life = fileDayLife(calendar, symbol);
  const publishedMs = Math.floor((nowMs - calendar.publishDelayMs - DAY_MS) / DAY_MS) * DAY_MS;
  const lastDayMs = Math.min(life.lastDayMs, publishedMs);
  return life.firstDayMs <= lastDayMs ? { firstDayMs: life.firstDayMs, lastDayMs } : undefined;
}
