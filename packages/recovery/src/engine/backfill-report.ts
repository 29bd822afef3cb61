import type { MergedPoint } from './ports.ts';

/** Where the 5m history comes from: `auto` (the archive for finished days, the API for the rest), or one source only. */
export type HistorySource = 'auto' | 'api' | 'archive';

/** A slot whose stored value differs from a source's: the stored value stays, this reports the other. */
export interface SlotConflict {
  /** The symbol. */
  readonly symbol: string;
  /** The slot, epoch ms. */
  readonly slotMs: number;
  /** What is stored (its `extra.source` says who wrote it). */
  readonly stored: MergedPoint;
  /** What the source gave. */
  readonly incoming: MergedPoint;
  /** The source that gave `incoming`. */
  readonly source: 'api' | 'archive';
}

/** What the archive part of a backfill did. */
export interface ArchiveCounts {
  /** Symbol-days asked of the archive. */
  readonly days: number;
  /** Day files whose points were stored. */
  readonly stored: number;
  /** Days without a file. */
  readonly missing: number;
  /** Files not used at all (checksum, labels, disagreement with the API, ...). */
  readonly rejected: number;
  /** Of those, files that disagree with stored API rows. */
  readonly disagreeing: number;
  /** Days whose download failed after the retries (tried again next run). */
  readonly failed: number;
  /** Data rows read from the used and disagreeing files. */
  readonly rows: number;
  /** Slots written from the archive that were not stored before. */
  readonly slotsWritten: number;
  /** Expected slots the used files could not give (defects). */
  readonly defectSlots: number;
  /** Files that replaced a recorded one (re-uploads). */
  readonly reuploads: number;
}

/** Archive counts of a run that did not use the archive. */
export const NO_ARCHIVE_COUNTS: ArchiveCounts = Object.freeze({
  days: 0,
  stored: 0,
  missing: 0,
  rejected: 0,
  disagreeing: 0,
  failed: 0,
  rows: 0,
  slotsWritten: 0,
  defectSlots: 0,
  reuploads: 0,
});

/** Conflicts of one merge as {@link SlotConflict}s. */
export function toSlotConflicts(
  symbol: string,
  source: SlotConflict['source'],
  conflicts: readonly {
    readonly slotMs: number;
    readonly stored: MergedPoint;
    readonly incoming: MergedPoint;
  }[],
): SlotConflict[] {
  return conflicts.map(({ slotMs, stored, incoming }) => ({ symbol, slotMs, stored, incoming, source }));
}
