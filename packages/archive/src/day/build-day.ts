import type { MetricsRow } from '../file/metrics-csv.ts';
import { canonicalDecimal, isPlainDecimal, isZeroDecimal } from './canonical-decimal.ts';
import { createLabelParser, DAY_MS } from './day-key.ts';
import { decideLabelConvention, type LabelConvention, labelToSlotMs, SLOT_MS } from './label-convention.ts';

/** One 5-minute open-interest value from the archive, text exactly as in the file. */
export interface ArchivePoint {
  /** Slot of the instant the values were taken, epoch ms (a multiple of 300 000; the API's `timestamp`). */
  readonly slotMs: number;
  /** `sum_open_interest`: base units (COIN-M: contracts). */
  readonly openInterest: string;
  /** `sum_open_interest_value`: quote units (COIN-M: base coin). */
  readonly openInterestValue: string;
}

/** Why a slot of the day has no point. */
export type DefectReason =
  | 'zero-value'
  | 'blank-value'
  | 'malformed-value'
  | 'conflicting-duplicate'
  | 'missing-row';

/** A slot of the day that the file cannot give a value for, and why. */
export interface ArchiveDefect {
  /** The slot, epoch ms. */
  readonly slotMs: number;
  /** Why it has no point. */
  readonly reason: DefectReason;
}

/** Why a file's rows are not used at all. */
export type RowsRejectReason = 'no-rows' | 'bad-row' | 'wrong-symbol' | 'undecidable-labels';

/** A day's points and defects from its CSV rows, or why none of the rows can be used. */
export type BuildDayResult =
  | {
      readonly kind: 'day';
      readonly convention: LabelConvention;
      /** `labels`: proven by the labels; `date-hint`: they fitted both conventions and the date chose. */
      readonly conventionEvidence: 'labels' | 'date-hint';
      /** One per slot that has a usable value, sorted by slot. */
      readonly points: readonly ArchivePoint[];
      /** One per slot of the day without a point, sorted by slot. */
      readonly defects: readonly ArchiveDefect[];
    }
  | { readonly kind: 'rejected'; readonly reason: RowsRejectReason; readonly detail: string };

/** What {@link buildDay} needs besides the rows. */
export interface BuildDayInput {
  /** The rows as parsed, in file order. */
  readonly rows: readonly MetricsRow[];
  /** The symbol every row must name. */
  readonly symbol: string;
  /** Start of the file's UTC day, epoch ms. */
  readonly dayStartMs: number;
  /** Tie-breaker when the labels fit both conventions (see `decideLabelConvention`). */
  readonly hint?: LabelConvention;
}

/**
 * Turns a file's rows into the day's slots `D 00:05` .. `D+1 00:00`: each row goes to the slot its
 * values were taken at; rows with a zero, blank or malformed value, disagreeing duplicates and slots
 * without a row become defects. Identical duplicates count once. Nothing is interpolated.
 */
export function buildDay(input: BuildDayInput): BuildDayResult {
  const { rows, symbol, dayStartMs } = input;
  if (rows.length === 0) return { kind: 'rejected', reason: 'no-rows', detail: 'the file has a header only' };
  const parseLabel = createLabelParser();
  const labelsMs: number[] = [];
  for (const [index, row] of rows.entries()) {
    if (row.symbol !== symbol) {
      return {
        kind: 'rejected',
        reason: 'wrong-symbol',
        detail: `row ${index + 1} is for ${JSON.stringify(row.symbol)}`,
      };
    }
    const labelMs = parseLabel(row.label);
    if (labelMs === undefined) {
      return {
        kind: 'rejected',
        reason: 'bad-row',
        detail: `row ${index + 1} has create_time ${JSON.stringify(row.label)}`,
      };
    }
    labelsMs.push(labelMs);
  }
  const decision = decideLabelConvention(labelsMs, dayStartMs, input.hint);
  if (decision.kind === 'undecidable')
    return { kind: 'rejected', reason: 'undecidable-labels', detail: decision.detail };

  // Per slot of the day (slot k is dayStart + (k + 1) * 5 min), the first row that maps to it, and
  // whether a later row disagrees with it; the decided convention maps every row into the day.
  const firstRow = new Int32Array(SLOTS_PER_DAY).fill(-1);
  const conflicting = new Uint8Array(SLOTS_PER_DAY);
  for (let index = 0; index < rows.length; index++) {
    const slot = (labelToSlotMs(labelsMs[index]!, decision.convention) - dayStartMs) / SLOT_MS - 1;
    const first = firstRow[slot]!;
    if (first === -1) firstRow[slot] = index;
    else if (conflicting[slot] === 0 && rowKey(rows[first]!) !== rowKey(rows[index]!)) conflicting[slot] = 1;
  }
  const points: ArchivePoint[] = [];
  const defects: ArchiveDefect[] = [];
  for (let slot = 0; slot < SLOTS_PER_DAY; slot++) {
    const slotMs = dayStartMs + (slot + 1) * SLOT_MS;
    const first = firstRow[slot]!;
    const row = rows[first];
    const reason =
      row === undefined ? 'missing-row' : conflicting[slot] === 1 ? 'conflicting-duplicate' : defectOf(row);
    if (reason !== undefined) defects.push(Object.freeze({ slotMs, reason }));
    else {
      const { openInterest, openInterestValue } = row!;
      points.push(Object.freeze({ slotMs, openInterest, openInterestValue }));
    }
  }
  return {
    kind: 'day',
    convention: decision.convention,
    conventionEvidence: decision.evidence,
    points: Object.freeze(points),
    defects: Object.freeze(defects),
  };
}

const SLOTS_PER_DAY = DAY_MS / SLOT_MS;

/** Why a row's values cannot be stored, or `undefined` when they can. */
function defectOf(row: MetricsRow): DefectReason | undefined {
  const { openInterest, openInterestValue } = row;
  if (openInterest.trim() === '' || openInterestValue.trim() === '') return 'blank-value';
  if (!isPlainDecimal(openInterest) || !isPlainDecimal(openInterestValue)) return 'malformed-value';
  if (isZeroDecimal(openInterest) || isZeroDecimal(openInterestValue)) return 'zero-value';
  return undefined;
}

// Two rows for one slot agree when both are usable and their values are equal numbers, whatever
// trailing zeros they carry, or when both are defects written alike (two blank rows agree, a blank
// and a zero do not). Only built for slots with several rows.
function rowKey(row: MetricsRow): string {
  const { openInterest, openInterestValue } = row;
  if (defectOf(row) !== undefined) return `raw:${openInterest},${openInterestValue}`;
  return `value:${canonicalDecimal(openInterest)},${canonicalDecimal(openInterestValue)}`;
}
