import type { ArchiveDefect, ArchivePoint } from '@oi/archive';
import { canonicalFiveMinuteDecimal, SERIES_SLOT_MS, type TimeRange } from '@oi/storage';
import type { StorePoint } from '../engine/ports.ts';
import type { ArchiveDefectRun, ArchiveSlotDefect } from './archive-state.ts';

const SLOT_MS = SERIES_SLOT_MS['5m'];

/** A day file's usable content for one symbol: points in canonical form and the defect runs, both within the expected slots. */
export interface ArchiveDayContent {
  /** Points to store, canonical values, `source: archive`, sorted by slot. */
  readonly points: readonly StorePoint[];
  /** Expected slots without a value, as runs per reason, sorted. */
  readonly defects: readonly ArchiveDefectRun[];
}

// One frozen object for every archive point: a day holds 288 of them, and the store only reads it.
const ARCHIVE_EXTRA: Readonly<Record<string, string>> = Object.freeze({ source: 'archive' });

const inside = (ranges: readonly TimeRange[], slotMs: number): boolean =>
  ranges.some((r) => slotMs >= r.startMs && slotMs < r.endMs);

/**
 * Turns a day file's points and defects into what the store receives: only slots in `expected`
 * (a listing day's file reports the slots before the listing as missing rows: they are not gaps),
 * values in the 5m series' canonical form; a value with more than eight fractional digits becomes a
 * `precision-exceeded` defect instead of being rounded.
 */
export function readArchiveDayContent(
  points: readonly ArchivePoint[],
  defects: readonly ArchiveDefect[],
  expected: readonly TimeRange[],
): ArchiveDayContent {
  const stored: StorePoint[] = [];
  const gaps: { slotMs: number; reason: ArchiveSlotDefect }[] = [];
  for (const defect of defects) if (inside(expected, defect.slotMs)) gaps.push(defect);
  for (const point of points) {
    if (!inside(expected, point.slotMs)) continue;
    const openInterest = canonicalFiveMinuteDecimal(point.openInterest);
    const openInterestValue = canonicalFiveMinuteDecimal(point.openInterestValue);
    if (!openInterest.ok || !openInterestValue.ok) {
      const problem = openInterest.ok
        ? openInterestValue.ok
          ? undefined
          : openInterestValue.problem
        : openInterest.problem;
      gaps.push({ slotMs: point.slotMs, reason: problem ?? 'malformed-value' });
      continue;
    }
    stored.push({
      slotMs: point.slotMs,
      openInterest: openInterest.text,
      openInterestValue: openInterestValue.text,
      extra: ARCHIVE_EXTRA,
    });
  }
  return { points: stored.sort((a, b) => a.slotMs - b.slotMs), defects: toDefectRuns(gaps) };
}

/** Defect slots as runs of consecutive slots with one reason. */
export function toDefectRuns(
  defects: readonly { slotMs: number; reason: ArchiveSlotDefect }[],
): ArchiveDefectRun[] {
  const runs: ArchiveDefectRun[] = [];
  for (const { slotMs, reason } of [...defects].sort((a, b) => a.slotMs - b.slotMs)) {
    const last = runs.at(-1);
    if (last !== undefined && last.reason === reason && last.endMs === slotMs) {
      runs[runs.length - 1] = { ...last, endMs: slotMs + SLOT_MS };
    } else {
      runs.push({ startMs: slotMs, endMs: slotMs + SLOT_MS, reason });
    }
  }
  return runs;
}

/** A stored row's values and source, as `readRows` returns them. */
export interface StoredRow {
  readonly slotMs: number;
  readonly openInterest: string;
  readonly openInterestValue: string;
  readonly extra?: Readonly<Record<string, string>>;
}

/** A slot where a file and a stored API row disagree. */
export interface ApiDisagreement {
  /** The slot, epoch ms. */
  readonly slotMs: number;
  /** The stored (API) row. */
  readonly stored: StoredRow;
  /** The file's point. */
  readonly incoming: StorePoint;
}

// Stored text in canonical form when it has one; otherwise as stored, which then never equals a file's.
const canonical = (text: string): string => {
  const result = canonicalFiveMinuteDecimal(text);
  return result.ok ? result.text : text;
};

/**
 * The slots where a file's points differ from stored rows that did not come from the archive (the
 * API's, or the replaced tool's, which came from the API): both in canonical form, an unknown stored
 * value compared on open interest alone.
 */
export function findApiDisagreements(
  stored: readonly StoredRow[],
  points: readonly StorePoint[],
): ApiDisagreement[] {
  if (stored.length === 0) return [];
  const bySlot = new Map(points.map((point) => [point.slotMs, point]));
  const disagreements: ApiDisagreement[] = [];
  for (const row of stored) {
    if (row.extra?.['source'] === 'archive') continue;
    const point = bySlot.get(row.slotMs);
    if (point === undefined) continue;
    const sameInterest = canonical(row.openInterest) === point.openInterest;
    const sameValue =
      row.openInterestValue === '' || canonical(row.openInterestValue) === point.openInterestValue;
    if (!sameInterest || !sameValue) disagreements.push({ slotMs: row.slotMs, stored: row, incoming: point });
  }
  return disagreements;
}
