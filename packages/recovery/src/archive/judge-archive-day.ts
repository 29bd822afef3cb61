import { type ArchiveFile, type DayOutcome, isSameFile } from '@oi/archive';
import type { TimeRange } from '@oi/storage';
import type { StorePoint } from '../engine/ports.ts';
import { countSlots } from '../grid/slot-grid.ts';
import { intersectRanges } from '../grid/time-range.ts';
import { archiveFileSlots } from './archive-days.ts';
import { findApiDisagreements, readArchiveDayContent, type StoredRow } from './archive-points.ts';
import type { ArchiveDayRecord } from './archive-state.ts';

/** What to do with one symbol-day the archive answered. */
export type DayJudgement =
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'missing'; readonly record: ArchiveDayRecord }
  | {
      readonly kind: 'rejected';
      readonly record: ArchiveDayRecord;
      /** Data rows of a file that was read but disagrees with the API (0 for unreadable files). */
      readonly rows: number;
      readonly replacedFile?: ArchiveFile;
    }
  | {
      readonly kind: 'stored';
      readonly record: ArchiveDayRecord;
      /** Points to store: canonical, expected slots only. */
      readonly points: readonly StorePoint[];
      readonly rows: number;
      readonly defectSlots: number;
      readonly replacedFile?: ArchiveFile;
    };

/** What {@link judgeArchiveDay} knows besides the answer. */
export interface DayContext {
  readonly day: string;
  /** Slots that should be stored. */
  readonly expected: readonly TimeRange[];
  /** Slots stored when the run began. */
  readonly present: readonly TimeRange[];
  /** The day's previous check, if any. */
  readonly previous: ArchiveDayRecord | undefined;
  /** The run's time. */
  readonly nowMs: number;
  /** Reads the stored rows of the file's slots, to compare with the API's. */
  readonly readStored: (range: TimeRange) => Promise<readonly StoredRow[]>;
}

/**
 * Judges one archive answer: no file, a file not to use (the client's reasons, or values that
 * differ from stored API rows: `disagrees-with-api`), or points to store with the defect runs of
 * the slots the file cannot give. A file whose SHA-256 or size differs from the recorded one is a
 * re-upload (`replacedFile`); its points are merged like any other, so changed values become conflicts.
 */
export async function judgeArchiveDay(
  answer: { readonly outcome: DayOutcome } | { readonly error: unknown },
  context: DayContext,
): Promise<DayJudgement> {
  if ('error' in answer) {
    return {
      kind: 'failed',
      reason: answer.error instanceof Error ? answer.error.message : String(answer.error),
    };
  }
  const base = { checkedAtMs: context.nowMs, defects: [], conflicts: [] };
  const { outcome } = answer;
  if (outcome.kind === 'missing') return { kind: 'missing', record: { ...base, outcome: 'missing' } };
  const replaced =
    context.previous?.file !== undefined && !isSameFile(context.previous.file, outcome.file)
      ? { replacedFile: context.previous.file }
      : {};
  if (outcome.kind === 'rejected') {
    const { reason, detail, file } = outcome;
    return {
      kind: 'rejected',
      rows: 0,
      ...replaced,
      record: { ...base, ...replaced, outcome: 'rejected', reason, detail, file },
    };
  }
  const fileSlots = archiveFileSlots(context.day);
  const content = readArchiveDayContent(
    outcome.points,
    outcome.defects,
    intersectRanges(context.expected, [fileSlots]),
  );
  const facts = {
    ...base,
    ...replaced,
    file: outcome.file,
    convention: outcome.convention,
    conventionEvidence: outcome.conventionEvidence,
    rowCount: outcome.rowCount,
  };
  const stored =
    intersectRanges(context.present, [fileSlots]).length > 0 ? await context.readStored(fileSlots) : [];
  const disagreements = findApiDisagreements(stored, content.points);
  if (disagreements.length > 0) {
    const first = disagreements[0]!;
    const detail =
      `${disagreements.length} slot(s) differ from the stored API rows, first ${new Date(first.slotMs).toISOString()}: ` +
      `stored ${first.stored.openInterest} ${first.stored.openInterestValue}, ` +
      `file ${first.incoming.openInterest} ${first.incoming.openInterestValue}`;
    return {
      kind: 'rejected',
      rows: outcome.rowCount,
      ...replaced,
      record: { ...facts, outcome: 'rejected', reason: 'disagrees-with-api', detail },
    };
  }
  return {
    kind: 'stored',
    points: content.points,
    rows: outcome.rowCount,
    defectSlots: countSlots(
      content.defects.map((d) => ({ startMs: d.startMs, endMs: d.endMs })),
      '5m',
    ),
    ...replaced,
    record: { ...facts, outcome: 'stored', defects: content.defects },
  };
}
