import type { TimeRange } from '@oi/storage';
import { explainOutside, type GapCauseRun, type GapSource } from '../gaps/gap-source.ts';
import { intersectRanges, subtractRanges } from '../grid/time-range.ts';
import { ARCHIVE_FIRST_DAY, archiveReach } from './archive-days.ts';
import { type ArchiveSymbolState, unavailableRunsIn } from './archive-state.ts';

/** Options of {@link createArchiveGapSource}. */
export interface ArchiveGapSourceOptions {
  /** The symbol's recorded archive days (`readArchiveState`); `undefined` when never checked. */
  readonly state: ArchiveSymbolState | undefined;
  /** Slots this run could not check, with why (e.g. `download-failed`); not persisted. */
  readonly unchecked?: readonly GapCauseRun[];
  /** The archive's first day. @default ARCHIVE_FIRST_DAY */
  readonly firstDay?: string;
}

/**
 * The public archive as a gap source for one symbol's 5m series: it covers the slots of finished
 * days from its first file on, less what its recorded checks say the files cannot give (a missing
 * or rejected file, defect slots). A day never checked counts as coverable: only asking tells.
 * `explain` gives `before-first-file`, `day-not-finished` and the recorded reasons (`file-missing`,
 * `checksum-mismatch`, `zero-value`, `disagrees-with-api`, ...).
 */
export function createArchiveGapSource(options: ArchiveGapSourceOptions): GapSource {
  const firstDay = options.firstDay ?? ARCHIVE_FIRST_DAY;
  const recorded = (range: TimeRange): GapCauseRun[] => {
    const unchecked = (options.unchecked ?? []).filter(
      (run) => run.range.endMs > range.startMs && run.range.startMs < range.endMs,
    );
    return [...unchecked, ...unavailableRunsIn(options.state, range)];
  };
  return {
    name: 'archive',
    series: '5m',
    covers: (range, nowMs) =>
      subtractRanges(
        intersectRanges([range], [archiveReach(nowMs, firstDay)]),
        recorded(range).map((run) => run.range),
      ),
    explain: (range, nowMs) => [
      ...explainOutside(range, archiveReach(nowMs, firstDay), 'before-first-file', 'day-not-finished'),
      ...recorded(range),
    ],
  };
}
