import type { Series, TimeRange } from '@oi/storage';
import { ceilToSlot, floorToSlot } from '../grid/slot-grid.ts';
import { intersectRanges } from '../grid/time-range.ts';

/**
 * Something that can still supply stored slots of a series: the history API now, the public archive
 * later. `covers` returns the parts of `range` it can serve at `nowMs`.
 */
export interface GapSource {
  /** Name reported as a gap's `fillableBy` (`'api'` for the history endpoint). */
  readonly name: string;
  /** The series this source fills. */
  readonly series: Series;
  /** The parts of `range` this source can serve at `nowMs`. */
  covers(range: TimeRange, nowMs: number): readonly TimeRange[];
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

/** The `/futures/data/openInterestHist` endpoint as a gap source for the 5m series. */
export function createApiHistorySource(options: ApiHistorySourceOptions = {}): GapSource {
  return {
    name: 'api',
    series: '5m',
    covers: (range, nowMs) => intersectRanges([range], [apiHistoryWindow(nowMs, options)]),
  };
}
