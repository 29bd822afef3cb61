/** Inputs of one backoff computation. */
export interface BackoffInput {
  /** How many attempts have failed so far (1 after the first failure). */
  readonly failedAttempts: number;
  /** Cap of the first retry's delay, in ms. */
  readonly baseDelayMs: number;
  /** Cap of any single delay, in ms. */
  readonly maxDelayMs: number;
  /** Uniform random number in [0, 1). */
  readonly random: () => number;
}

/**
 * Full jitter: a uniform delay in [0, min(maxDelayMs, baseDelayMs * 2^(failedAttempts - 1))), so
 * many clients that failed together do not come back together.
 */
export function computeBackoffMs(input: BackoffInput): number {
  const exponent = Math.max(0, input.failedAttempts - 1);
  const capMs = Math.min(input.maxDelayMs, input.baseDelayMs * 2 ** exponent);
  return Math.floor(input.random() * capMs);
}
