import type { Series, TimeRange } from '@oi/storage';
import { ceilToSlot, floorToSlot } from '../grid/slot-grid.ts';
import { intersectRanges, subtractRanges } from '../grid/time-range.ts';

/** Slots a source cannot serve, and why (e.g. `beyond-api-retention`, `checksum-mismatch`). */
export interface GapCauseRun {
  /** The slots, slot-aligned and half-open. */
  readonly range: TimeRange;
  /** Why the source cannot serve them: a stable kebab-case code. */
  readonly cause: string;
}

/**
 * Something that can still supply stored slots of a series: the public archive for finished days,
 * the history API for its last 30 days. `covers` returns the parts of `range` it can serve at `nowMs`;
 * `explain`, when given, says why it cannot serve (some of) the rest.
 */
export interface GapSource {
  /** Name reported as a gap's `fillableBy` (`'api'`, `'archive'`). */
  readonly name: string;
  /** The series this source fills. */
  readonly series: Series;
  /** The parts of `range` this source can serve at `nowMs`. */
  covers(range: TimeRange, nowMs: number): readonly TimeRange[];
  /** Why it cannot serve parts of `range` it does not cover. @default nothing said */
  explain?(range: TimeRange, nowMs: number): readonly GapCauseRun[];
}

/** How far back the history endpoint serves 5m rows (Binance: "latest 30 days"). */
export const HISTORY_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
/** Slots this close to the retention edge are left alone: they may expire before the request lands. */
export const DEFAULT_OLD_EDGE_MARGIN_MS = 60 * 60 * 1000;
/** A 5m row labelled T appears about 6 s after T; until then it is not a gap the API can fill. */
export const DEFAULT_PUBLISH_DELAY_MS = 15_000;

/** Options of {@link createApiHistorySource}. */
export interface ApiHistorySourceOptions {
  /** @default HISTORY_RETENTION_MS (30 days) */
  readonly retentionMs?: number;
  /** @default DEFAULT_OLD_EDGE_MARGIN_MS (1 h) */
  readonly oldEdgeMarginMs?: number;
  /** @default DEFAULT_PUBLISH_DELAY_MS (15 s) */
  readonly publishDelayMs?: number;
}

/** The slots the history API can serve at `nowMs`: the retention window less the margin at its old edge. */
export function apiHistoryWindow(nowMs: number, options: ApiHistorySourceOptions = {}): TimeRange {
  const retentionMs = options.retentionMs ?? HISTORY_RETENTION_MS;
  const marginMs = options.oldEdgeMarginMs ?? DEFAULT_OLD_EDGE_MARGIN_MS;
  const publishDelayMs = options.publishDelayMs ?? DEFAULT_PUBLISH_DELAY_MS;
  return {
    startMs: ceilToSlot(nowMs - retentionMs + marginMs, '5m'),
    endMs: floorToSlot(nowMs - publishDelayMs, '5m') + 300_000,
  };
}

/**
 * Splits `range` around `window`: what lies before it gets `before`, what lies after it `after`.
 * Sources with a window of reach (the API's retention, the archive's finished days) explain this way.
 */
export function explainOutside(
  range: TimeRange,
  window: TimeRange,
  before: string,
  after: string,
): GapCauseRun[] {
  const runs: GapCauseRun[] = [];
  for (const part of subtractRanges([range], [window])) {
    runs.push({ range: part, cause: part.endMs <= window.startMs ? before : after });
  }
  return runs;
}

/** The `/futures/data/openInterestHist` endpoint as a gap source for the 5m series. */
export function createApiHistorySource(options: ApiHistorySourceOptions = {}): GapSource {
  return {
    name: 'api',
    series: '5m',
    covers: (range, nowMs) => intersectRanges([range], [apiHistoryWindow(nowMs, options)]),
    explain: (range, nowMs) =>
      explainOutside(range, apiHistoryWindow(nowMs, options), 'beyond-api-retention', 'not-published-yet'),
  };
}
