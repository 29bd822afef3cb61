/**
 * What a 429 or 418 taught about a budget: the share of the configured limit that is used now, and
 * since when clean windows count towards giving the rest back.
 */
export interface LearnedRate {
  /** Share of the configured limit in force when it was lowered, in (0, 1). */
  readonly factor: number;
  /** End of the pause or ban that lowered it, epoch ms: clean windows count from here. */
  readonly sinceMs: number;
}

/** Each failure halves the rate in force. */
const DECREASE = 0.5;
/** Each clean window gives back 10 % of the rate in force. */
const RECOVERY_PER_WINDOW = 1.1;
/** Never below 1/64 of the configured limit: six failures in a row, each a window apart. */
const MIN_FACTOR = 1 / 64;

/** The share of the configured limit in force at `nowMs`: 1 without a lesson, recovering per clean window. */
export function currentFactor(learned: LearnedRate | undefined, nowMs: number, windowMs: number): number {
  if (learned === undefined) return 1;
  const cleanWindows = nowMs <= learned.sinceMs ? 0 : Math.floor((nowMs - learned.sinceMs) / windowMs);
  return Math.min(1, learned.factor * RECOVERY_PER_WINDOW ** cleanWindows);
}

/** The factor after another failure at a rate that used `factor` of the limit. */
export function lowerFactor(factor: number): number {
  return Math.max(MIN_FACTOR, factor * DECREASE);
}

/** Units per window allowed at `factor` of `limit`; at least 1, so a budget never closes for good. */
export function scaleLimit(limit: number, factor: number): number {
  return factor >= 1 ? limit : Math.max(1, Math.floor(limit * factor));
}
