import type { Series, TimeRange } from '@oi/storage';
import { countSlots } from '../grid/slot-grid.ts';
import { intersectRanges, mergeRanges, subtractRanges } from '../grid/time-range.ts';
import type { GapCauseRun, GapSource } from './gap-source.ts';

/** Why a gap is fillable by its source, or why nothing can fill it. */
export type GapReason =
  /** Fillable by the history API: inside its retention window. */
  | 'api-retention'
  /** Fillable by the public archive: a finished day whose file is not known to lack the slots. */
  | 'archive-day'
  /** Fillable by another named source. */
  | 'older-source'
  /** A past 1m slot: the live endpoint only ever gives "now". */
  | 'live-only'
  /** Older than the API's retention, and no other source can give it (see the gap's causes). */
  | 'beyond-api-retention'
  /** Newer than what any source has published yet. */
  | 'not-published-yet'
  /** No configured source says anything about these slots. */
  | 'no-source';

/** What one source said about slots it cannot serve. */
export interface GapCause {
  /** The source (`'archive'`, `'api'`). */
  readonly source: string;
  /** Its reason: `file-missing`, `checksum-mismatch`, `zero-value`, `beyond-api-retention`, ... */
  readonly cause: string;
}

/** A merged run of expected slots that are not stored, with what can still fill it and why. */
export interface Gap {
  /** The symbol whose series has the hole. */
  readonly symbol: string;
  /** Which series. */
  readonly series: Series;
  /** The missing slots, slot-aligned and half-open. */
  readonly range: TimeRange;
  /** Number of missing slots in `range`. */
  readonly slots: number;
  /** `'api'`, `'archive'` (or another source's name), or `'none'` when nothing can fill it. */
  readonly fillableBy: string;
  /** Why it is fillable or not. */
  readonly reason: GapReason;
  /** What the sources that cannot serve these slots said, in the order they were asked. */
  readonly causes: readonly GapCause[];
  /** One line for people, e.g. `beyond-api-retention and archive file missing`, `archive checksum mismatch, api can fill`. */
  readonly detail: string;
}

/** Input of {@link findGaps}. */
export interface FindGapsInput {
  /** The symbol the slots belong to. */
  readonly symbol: string;
  /** Which series. */
  readonly series: Series;
  /** Slot-aligned ranges that should be stored (see `expectedSlots`). */
  readonly expected: readonly TimeRange[];
  /** Ranges that are stored (storage `coverage`). */
  readonly present: readonly TimeRange[];
  /** Sources to try, in order of preference; only those of `series` are used. */
  readonly sources: readonly GapSource[];
  /** The time the sources are asked about. */
  readonly nowMs: number;
}

interface Note extends GapCauseRun {
  readonly source: string;
}

/**
 * Missing slots as merged gaps, each assigned to the first source that can fill it, or to `'none'`;
 * a gap is split wherever what the sources say about its slots changes, so each names one story.
 */
export function findGaps(input: FindGapsInput): Gap[] {
  const { symbol, series, nowMs } = input;
  const gaps: Gap[] = [];
  const push = (ranges: readonly TimeRange[], fillableBy: string, notes: readonly Note[]): void => {
    for (const range of mergeRanges(ranges)) {
      for (const segment of splitByNotes(range, notes)) {
        const reason = reasonOf(series, fillableBy, segment.causes);
        const last = gaps.at(-1);
        if (
          last !== undefined &&
          last.range.endMs === segment.range.startMs &&
          last.fillableBy === fillableBy &&
          last.reason === reason &&
          sameCauses(last.causes, segment.causes)
        ) {
          const merged = { startMs: last.range.startMs, endMs: segment.range.endMs };
          gaps[gaps.length - 1] = { ...last, range: merged, slots: countSlots([merged], series) };
          continue;
        }
        gaps.push({
          symbol,
          series,
          range: segment.range,
          slots: countSlots([segment.range], series),
          fillableBy,
          reason,
          causes: segment.causes,
          detail: describeGap(fillableBy, reason, segment.causes),
        });
      }
    }
  };
  for (const missing of subtractRanges(input.expected, input.present)) {
    let remaining: TimeRange[] = [missing];
    const notes: Note[] = [];
    for (const source of input.sources) {
      if (source.series !== series || remaining.length === 0) continue;
      const covered = intersectRanges(remaining, source.covers(missing, nowMs));
      push(covered, source.name, notes);
      remaining = subtractRanges(remaining, covered);
      for (const run of source.explain?.(missing, nowMs) ?? []) notes.push({ ...run, source: source.name });
    }
    push(remaining, 'none', notes);
  }
  return gaps.sort((a, b) => a.range.startMs - b.range.startMs);
}

/** `range` cut wherever the set of notes that cover it changes, each piece with those notes' causes. */
function splitByNotes(
  range: TimeRange,
  notes: readonly Note[],
): { range: TimeRange; causes: readonly GapCause[] }[] {
  const inside = notes.filter((n) => n.range.startMs < range.endMs && n.range.endMs > range.startMs);
  const cuts = new Set([range.startMs, range.endMs]);
  for (const note of inside) {
    cuts.add(Math.max(range.startMs, note.range.startMs));
    cuts.add(Math.min(range.endMs, note.range.endMs));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: { range: TimeRange; causes: readonly GapCause[] }[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const startMs = points[i]!;
    const causes = inside
      .filter((n) => n.range.startMs <= startMs && n.range.endMs > startMs)
      .map((n) => ({ source: n.source, cause: n.cause }));
    segments.push({ range: { startMs, endMs: points[i + 1]! }, causes });
  }
  return segments;
}

const API_CAUSES: ReadonlySet<string> = new Set(['beyond-api-retention', 'not-published-yet']);

function reasonOf(series: Series, fillableBy: string, causes: readonly GapCause[]): GapReason {
  if (fillableBy === 'api') return 'api-retention';
  if (fillableBy === 'archive') return 'archive-day';
  if (fillableBy !== 'none') return 'older-source';
  if (series === '1m') return 'live-only';
  const apiCause = causes.find((c) => c.source === 'api' && API_CAUSES.has(c.cause));
  return (apiCause?.cause as GapReason | undefined) ?? 'no-source';
}

function sameCauses(a: readonly GapCause[], b: readonly GapCause[]): boolean {
  return a.length === b.length && a.every((c, i) => c.source === b[i]?.source && c.cause === b[i]?.cause);
}

/** `beyond-api-retention and archive file missing`, `archive checksum mismatch, api can fill`. */
function describeGap(fillableBy: string, reason: GapReason, causes: readonly GapCause[]): string {
  const said = causes
    .filter((c) => !(c.source === 'api' && c.cause === reason))
    .map((c) => `${c.source} ${c.cause.replaceAll('-', ' ')}`);
  if (fillableBy === 'none') return [reason, ...said].join(' and ');
  return [...said, `${fillableBy} can fill`].join(', ');
}
