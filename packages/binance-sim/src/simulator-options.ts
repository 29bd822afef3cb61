import { OiError } from '@oi/errors';
import type { SimLimits } from './api/rate-limits.ts';
import { type ArchiveCalendar, parseDayKey } from './archive/archive-calendar.ts';
import type { ArchiveDefect } from './archive/archive-defects.ts';
import type { SimClock } from './clock/clock.ts';
import type { ScheduledDelisting, ScheduledListing } from './market/build-markets.ts';
import type { FaultOptions } from './server/faults.ts';

/** Options of `startSimulator`. */
export interface SimulatorOptions {
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 0 (an ephemeral port) */
  port?: number;
  /** Every series and fault is a pure function of the seed. @default 1 */
  seed?: number;
  /** The time source; a virtual clock makes windows, bans and publication delays instant. @default realClock */
  clock?: SimClock;
  /** Server time = clock.now() + offset: a server clock ahead of (or behind) the machine. @default 0 */
  serverClockOffsetMs?: number;
  /** Number of generated USDⓈ-M TRADING perpetuals (`SIM0001USDT`, ...). @default 0 */
  extraSymbols?: number;
  /** Number of generated COIN-M TRADING perpetuals (`SIM0001USD_PERP`, ...). @default 0 */
  coinMExtraSymbols?: number;
  /** Contracts that list at chosen server times, e.g. `{ symbol: 'NEWCOINUSDT', atMs }`. @default [] */
  listings?: readonly ScheduledListing[];
  /** Perpetuals delisted at chosen server times, e.g. `{ symbol: 'SOLUSDT', atMs, removeAtMs }`. @default [] */
  delistings?: readonly ScheduledDelisting[];
  /** How far back openInterestHist serves (the retention wall). @default 30 days */
  retentionMs?: number;
  /** A history row labelled T appears at T + this delay. @default 6000 */
  historyPublishDelayMs?: number;
  /** Rate limits; anything left out keeps Binance's value. */
  limits?: Partial<SimLimits>;
  /** Random faults (the archive's paths are eligible too). @default none */
  faults?: FaultOptions;
  /**
   * The round trip of every request, waited with the clock's sleep: half before the request is seen
   * (its time stamp, its weight), half before the answer leaves. Jitter is seeded. @default none
   */
  latency?: { baseMs: number; jitterMs: number };
  /** The archive's first day: no file of any symbol is older. @default '2020-09-01' */
  archiveFirstDay?: string;
  /** The first USDⓈ-M day whose file uses start-of-period labels. @default '2026-06-25' */
  archiveLabelSwitchDay?: string;
  /** A day's archive file appears this long after the day ends (404 until then). @default 3600000 (1 h) */
  archivePublishDelayMs?: number;
  /** Defects of chosen archive files, e.g. `{ kind: 'missing', symbol: 'BTCUSDT', day: '2024-01-15' }`. @default [] */
  archiveDefects?: readonly ArchiveDefect[];
}

/** The archive's defaults. */
export const ARCHIVE_DEFAULTS = Object.freeze({
  firstDay: '2020-09-01',
  labelSwitchDay: '2026-06-25',
  publishDelayMs: 3_600_000,
});

function dayOption(name: string, value: string): number {
  const dayStartMs = parseDayKey(value);
  if (dayStartMs === undefined) {
    throw new OiError('SIM_INVALID_OPTION', `${name} must be a YYYY-MM-DD day, got ${JSON.stringify(value)}`);
  }
  return dayStartMs;
}

/** The archive calendar of the options. Throws `OiError` `SIM_INVALID_OPTION` for a malformed day or delay. */
export function resolveArchiveCalendar(options: SimulatorOptions): ArchiveCalendar {
  const publishDelayMs = options.archivePublishDelayMs ?? ARCHIVE_DEFAULTS.publishDelayMs;
  if (!Number.isFinite(publishDelayMs) || publishDelayMs < 0) {
    throw new OiError(
      'SIM_INVALID_OPTION',
      `archivePublishDelayMs must be a non-negative number, got ${publishDelayMs}`,
    );
  }
  return {
    firstDayMs: dayOption('archiveFirstDay', options.archiveFirstDay ?? ARCHIVE_DEFAULTS.firstDay),
    labelSwitchDayMs: dayOption(
      'archiveLabelSwitchDay',
      options.archiveLabelSwitchDay ?? ARCHIVE_DEFAULTS.labelSwitchDay,
    ),
    publishDelayMs,
  };
}
