import type { MetricsRow } from '../file/metrics-csv.ts';
import { canonicalDecimal } from './canonical-decimal.ts';
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

type RowValue =
  | { readonly kind: 'point'; readonly key: string; readonly point: ArchivePoint }
  | { readonly kind: 'defect'; readonly key: string; readonly defect: ArchiveDefect };

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

  const bySlot = new Map<number, RowValue[]>();
  for (const [index, row] of rows.entries()) {
    const slotMs = labelToSlotMs(labelsMs[index]!, decision.convention);
    const values = bySlot.get(slotMs);
    if (values === undefined) bySlot.set(slotMs, [readRowValue(row, slotMs)]);
    else values.push(readRowValue(row, slotMs));
  }
  const points: ArchivePoint[] = [];
  const defects: ArchiveDefect[] = [];
  for (let slotMs = dayStartMs + SLOT_MS; slotMs <= dayStartMs + DAY_MS; slotMs += SLOT_MS) {
    const values = bySlot.get(slotMs);
    if (values === undefined) defects.push(Object.freeze({ slotMs, reason: 'missing-row' }));
    else if (values.some((value) => value.key !== values[0]!.key)) {
      defects.push(Object.freeze({ slotMs, reason: 'conflicting-duplicate' }));
    } else if (values[0]!.kind === 'point') points.push(values[0]!.point);
    else defects.push(values[0]!.defect);
  }
  return {
    kind: 'day',
    convention: decision.convention,
    conventionEvidence: decision.evidence,
    points: Object.freeze(points),
    defects: Object.freeze(defects),
  };
}

function readRowValue(row: MetricsRow, slotMs: number): RowValue {
  const texts = [row.openInterest, row.openInterestValue];
  const canonical = texts.map(canonicalDecimal);
  const defectOf = (reason: DefectReason): RowValue => ({
    kind: 'defect',
    // Defect rows are compared as written: two blank rows agree, a blank and a zero do not.
    key: `raw:${texts.join(',')}`,
    defect: Object.freeze({ slotMs, reason }),
  });
  if (texts.some((text) => text.trim() === '')) return defectOf('blank-value');
  if (canonical.some((text) => text === undefined)) return defectOf('malformed-value');
  if (canonical.some((text) => text === '0')) return defectOf('zero-value');
  return {
    kind: 'point',
    // Duplicates agree when their values are equal numbers, whatever trailing zeros they carry.
    key: `value:${canonical.join(',')}`,
    point: Object.freeze({
      slotMs,
      openInterest: row.openInterest,
      openInterestValue: row.openInterestValue,
    }),
  };
}
