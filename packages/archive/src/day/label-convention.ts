import { DAY_MS } from './day-key.ts';

/** Five minutes in ms: the archive's row interval and the slot grid. */
export const SLOT_MS = 300_000;

/**
 * How a day file labels its rows. `end-of-period`: labels `D 00:05` .. `D+1 00:00`, the values are
 * the snapshot at the label. `start-of-period`: labels `D 00:00` .. `D 23:55`, the values are the
 * snapshot at label + 5 min.
 */
export type LabelConvention = 'end-of-period' | 'start-of-period';

/** What the labels of one file prove; `evidence` says whether the labels alone decided it. */
export type LabelDecision =
  | {
      readonly kind: 'decided';
      readonly convention: LabelConvention;
      /** `labels`: only this convention fits; `date-hint`: both fit and the hint chose. */
      readonly evidence: 'labels' | 'date-hint';
    }
  | { readonly kind: 'undecidable'; readonly detail: string };

/** The first USDⓈ-M day whose file uses start-of-period labels (binance-api.md section 4). */
export const UM_START_OF_PERIOD_FROM = '2026-06-25';

/**
 * The convention a file of that market and day is expected to use, from the dates Binance changed
 * it: COIN-M always start-of-period, USDⓈ-M end-of-period before {@link UM_START_OF_PERIOD_FROM}.
 * Only a tie-breaker for {@link decideLabelConvention}.
 */
export function expectedLabelConvention(market: 'um' | 'cm', day: string): LabelConvention {
  if (market === 'cm') return 'start-of-period';
  // Day keys are fixed-width, so text order is date order.
  return day < UM_START_OF_PERIOD_FROM ? 'end-of-period' : 'start-of-period';
}

/**
 * Decides the convention of day `dayStartMs`'s file from its labels (epoch ms). Every label must be
 * on the 5-minute grid and inside the range of one convention; when the labels fit both (neither
 * `D 00:00` nor `D+1 00:00` occurs, e.g. a partial day), `hint` decides, and without a hint the file
 * is undecidable. The hint never overrides labels that fit only one convention.
 */
export function decideLabelConvention(
  labelsMs: readonly number[],
  dayStartMs: number,
  hint?: LabelConvention,
): LabelDecision {
  let fitsEnd = true;
  let fitsStart = true;
  for (const labelMs of labelsMs) {
    const offsetMs = labelMs - dayStartMs;
    if (offsetMs % SLOT_MS !== 0) {
      return {
        kind: 'undecidable',
        detail: `label ${new Date(labelMs).toISOString()} is off the 5-minute grid`,
      };
    }
    if (offsetMs < SLOT_MS || offsetMs > DAY_MS) fitsEnd = false;
    if (offsetMs < 0 || offsetMs > DAY_MS - SLOT_MS) fitsStart = false;
  }
  if (fitsEnd && fitsStart) {
    if (hint === undefined) return { kind: 'undecidable', detail: 'labels fit both conventions' };
    return { kind: 'decided', convention: hint, evidence: 'date-hint' };
  }
  if (fitsEnd) return { kind: 'decided', convention: 'end-of-period', evidence: 'labels' };
  if (fitsStart) return { kind: 'decided', convention: 'start-of-period', evidence: 'labels' };
  return { kind: 'undecidable', detail: 'labels fit neither convention' };
}

/** The slot (epoch ms) of the instant a row's values were taken: the slot the API's `timestamp` names. */
export function labelToSlotMs(labelMs: number, convention: LabelConvention): number {
  return convention === 'end-of-period' ? labelMs : labelMs + SLOT_MS;
}
