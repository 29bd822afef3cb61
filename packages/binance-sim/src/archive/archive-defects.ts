import { OiError } from '@oi/errors';
import { type ArchiveMarket, DAY_MS, parseDayKey, parseTimeOfDay, SLOT_MS } from './archive-calendar.ts';

/**
 * The archive's known defects (binance-api.md 4), each reproducible on a chosen file:
 * - `missing`: no file that day (404, absent from the listing).
 * - `partial`: rows stop after the row labelled `lastTime`.
 * - `checksumMismatch`: the `.CHECKSUM` names a digest that is not the zip's.
 * - `zeroOpenInterest`: the rows at `times` have `sum_open_interest` and its value `0`.
 * - `blankValues`: the rows at `times` have both stock columns empty.
 * - `duplicateRows`: the rows at `times` appear twice, identical.
 * - `conflictingDuplicates`: the rows at `times` appear twice, the copy with another open interest.
 * - `undecidableLabels`: labels follow neither convention (`shifted` by 2.5 minutes, or `mixed`).
 * - `apiMismatch`: the rows at `times` (default every row) carry another open interest than the API.
 * - `reupload`: from `atMs` the file is replaced by one whose row at `time` has another open interest.
 */
export type ArchiveDefectKind =
  | 'missing'
  | 'partial'
  | 'checksumMismatch'
  | 'zeroOpenInterest'
  | 'blankValues'
  | 'duplicateRows'
  | 'conflictingDuplicates'
  | 'undecidableLabels'
  | 'apiMismatch'
  | 'reupload';

/** Every defect kind, in the order they are applied to a file's rows. */
export const ARCHIVE_DEFECT_KINDS: readonly ArchiveDefectKind[] = [
  'missing',
  'checksumMismatch',
  'apiMismatch',
  'reupload',
  'zeroOpenInterest',
  'blankValues',
  'conflictingDuplicates',
  'duplicateRows',
  'undecidableLabels',
  'partial',
];

/** Which file a defect is in. */
export interface ArchiveDefectTarget {
  /** @default 'um' */
  market?: ArchiveMarket;
  /** The archive's directory name: a USDⓈ-M symbol, or a COIN-M contract such as `BTCUSD_PERP`. */
  symbol: string;
  /** The file's day, `YYYY-MM-DD`. */
  day: string;
}

/** A defect Binance later repairs: from `fixedAtMs` (server time) the clean file is served. */
export interface RepairableDefect extends ArchiveDefectTarget {
  /** When the repaired file replaces the broken one; its `Last-Modified` becomes this. @default never */
  fixedAtMs?: number;
}

/** A defect on one archive file; times are `HH:MM` (or `HH:MM:SS`) of the rows' labels, on the 5-minute grid. */
export type ArchiveDefect =
  | (RepairableDefect & { kind: 'missing' | 'checksumMismatch' })
  | (RepairableDefect & {
      kind: 'partial';
      /** The label of the last row kept (`D` + this time). @default '13:30' */
      lastTime?: string;
    })
  | (RepairableDefect & {
      kind: 'zeroOpenInterest' | 'blankValues' | 'duplicateRows' | 'conflictingDuplicates';
      /** The labels of the rows affected. @default ['12:00'] */
      times?: readonly string[];
    })
  | (RepairableDefect & {
      kind: 'undecidableLabels';
      /**
       * `shifted`: every label 2.5 minutes off the grid. `mixed`: start-of-period labels until
       * 12:00, end-of-period after, so both `D 00:00` and `D+1 00:00` occur. @default 'shifted'
       */
      variant?: 'shifted' | 'mixed';
    })
  | (RepairableDefect & {
      kind: 'apiMismatch';
      /** The labels of the rows whose open interest disagrees. @default every row */
      times?: readonly string[];
    })
  | (ArchiveDefectTarget & {
      kind: 'reupload';
      /** Server time from which the changed file is served (its new `Last-Modified`). */
      atMs: number;
      /** The label of the row whose value changes. @default '12:00' */
      time?: string;
    });

/** A validated defect: its file, the instants it applies between, the rows it touches. */
export interface ResolvedDefect {
  readonly spec: ArchiveDefect;
  readonly kind: ArchiveDefectKind;
  readonly market: ArchiveMarket;
  readonly symbol: string;
  readonly dayStartMs: number;
  /** Active while `fromMs <= now < untilMs`. */
  readonly fromMs: number;
  readonly untilMs: number;
  /** Offsets of the affected labels from midnight, modulo a day; undefined = every row. */
  readonly offsetsMs: readonly number[] | undefined;
  /** `partial`: the offset of the last label kept from the day's start. */
  readonly lastOffsetMs: number;
  readonly variant: 'shifted' | 'mixed';
}

function invalid(defect: ArchiveDefect, why: string): OiError {
  return new OiError(
    'SIM_INVALID_ARCHIVE_DEFECT',
    `Invalid archive defect ${JSON.stringify(defect)}: ${why}`,
  );
}

function gridOffset(defect: ArchiveDefect, time: string): number {
  const offsetMs = parseTimeOfDay(time);
  if (offsetMs === undefined || offsetMs % SLOT_MS !== 0) {
    throw invalid(defect, `${time} is not an HH:MM time on the 5-minute grid`);
  }
  return offsetMs;
}

/** The days a directory can ever have files for (the last is infinite while the symbol trades). */
export interface DirectoryLife {
  readonly firstDayMs: number;
  readonly lastDayMs: number;
}

/**
 * Checks defects against the archive's directories and resolves them. Throws `OiError`
 * `SIM_INVALID_ARCHIVE_DEFECT` for an unknown kind, market or symbol, a day outside the symbol's
 * files, or a malformed time.
 */
export function resolveArchiveDefects(
  defects: readonly ArchiveDefect[],
  lifeOf: (market: ArchiveMarket, symbol: string) => DirectoryLife | undefined,
): readonly ResolvedDefect[] {
  return defects.map((spec) => {
    if (!ARCHIVE_DEFECT_KINDS.includes(spec.kind)) throw invalid(spec, `unknown kind ${spec.kind}`);
    const market = spec.market ?? 'um';
    const life = lifeOf(market, spec.symbol);
    if (life === undefined) throw invalid(spec, `no ${market} archive directory ${spec.symbol}`);
    const dayStartMs = parseDayKey(spec.day);
    if (dayStartMs === undefined) throw invalid(spec, `${spec.day} is not a YYYY-MM-DD day`);
    if (dayStartMs < life.firstDayMs || dayStartMs > life.lastDayMs) {
      throw invalid(spec, `${spec.symbol} has no file on ${spec.day}`);
    }
    let offsetsMs: readonly number[] | undefined;
    let fromMs = Number.NEGATIVE_INFINITY;
    let untilMs = Number.POSITIVE_INFINITY;
    let lastOffsetMs = DAY_MS;
    if (spec.kind === 'reupload') {
      if (!Number.isFinite(spec.atMs)) throw invalid(spec, 'a reupload needs atMs');
      fromMs = spec.atMs;
      offsetsMs = [gridOffset(spec, spec.time ?? '12:00') % DAY_MS];
    } else {
      untilMs = spec.fixedAtMs ?? Number.POSITIVE_INFINITY;
      if (spec.kind === 'partial') lastOffsetMs = gridOffset(spec, spec.lastTime ?? '13:30');
      if (
        spec.kind === 'zeroOpenInterest' ||
        spec.kind === 'blankValues' ||
        spec.kind === 'duplicateRows' ||
        spec.kind === 'conflictingDuplicates'
      ) {
        offsetsMs = (spec.times ?? ['12:00']).map((time) => gridOffset(spec, time) % DAY_MS);
      }
      if (spec.kind === 'apiMismatch' && spec.times !== undefined) {
        offsetsMs = spec.times.map((time) => gridOffset(spec, time) % DAY_MS);
      }
    }
    const variant = spec.kind === 'undecidableLabels' ? (spec.variant ?? 'shifted') : 'shifted';
    return {
      spec,
      kind: spec.kind,
      market,
      symbol: spec.symbol,
      dayStartMs,
      fromMs,
      untilMs,
      offsetsMs,
      lastOffsetMs,
      variant,
    };
  });
}

/** Whether a resolved defect shapes its file at a server time. */
export function isDefectActive(defect: ResolvedDefect, nowMs: number): boolean {
  return defect.fromMs <= nowMs && nowMs < defect.untilMs;
}
