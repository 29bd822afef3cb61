import { computeBackoffMs } from './backoff.ts';
import { classifyFailure, type FailureClass } from './classify-failure.ts';
import { type Clock, systemClock } from './clock.ts';
import { IpBannedError, isBinanceApiError } from './errors.ts';

/** The numeric knobs of a retry policy. */
export interface RetryPolicyOptions {
  /** Attempts in all, the first included. @default 5 */
  readonly maxAttempts: number;
  /** Cap of the first retry's delay, in ms. @default 500 */
  readonly baseDelayMs: number;
  /** Cap of any single backoff delay, in ms (a server's Retry-After may exceed it). @default 30_000 */
  readonly maxDelayMs: number;
  /** No retry is started if its delay would end later than this after the first attempt began, in ms. @default 120_000 */
  readonly maxTotalMs: number;
  /**
   * The longest IP ban (418 with a known end) waited out before the request is sent again, in ms; a
   * longer one throws {@link IpBannedError}. Ban waits count neither as attempts nor towards
   * `maxTotalMs`: the ban is the IP's, not the request's. @default 900_000 (15 minutes)
   */
  readonly maxBanWaitMs: number;
  /** Uniform random number in [0, 1), injectable for tests. @default Math.random */
  readonly random: () => number;
}

/** What {@link RetryPolicy.onRetry} is told before each wait. */
export interface RetryInfo {
  /** The attempt that just failed (1 for the first). */
  readonly attempt: number;
  /** How long the policy waits before the next attempt, in ms. */
  readonly delayMs: number;
  /** Why it is retried. */
  readonly failure: Extract<FailureClass, { kind: 'retry' }>;
  /** The error of the failed attempt. */
  readonly error: unknown;
}

/** A retry policy: the knobs plus the clock, cancellation and observation hooks. */
export interface RetryPolicy extends Partial<RetryPolicyOptions> {
  /** Time source and sleeper. @default systemClock */
  readonly clock?: Clock;
  /** Stops waiting and retrying; the signal's reason is thrown. */
  readonly signal?: AbortSignal;
  /** Called before each wait; for logs and progress. */
  readonly onRetry?: (info: RetryInfo) => void;
  /** Decides retry or fatal. @default classifyFailure */
  readonly classify?: (error: unknown) => FailureClass;
}

/** The defaults of {@link RetryPolicyOptions}. */
const DEFAULT_RETRY_POLICY: RetryPolicyOptions = Object.freeze({
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxTotalMs: 120_000,
  maxBanWaitMs: 900_000,
  random: Math.random,
});

/**
 * Runs `operation` until it succeeds, a failure is fatal, attempts or total time run out (the last
 * error is thrown as is), or the signal aborts. Delays use full jitter; a failure's `retryAfterMs`
 * is a floor under the delay. An IP ban is waited out when it ends within `maxBanWaitMs`, else
 * {@link IpBannedError} is thrown.
 */
export async function retryWithPolicy<T>(
  operation: (attempt: number) => Promise<T>,
  policy: RetryPolicy = {},
): Promise<T> {
  const options = { ...DEFAULT_RETRY_POLICY, ...definedKnobs(policy) };
  const clock = policy.clock ?? systemClock;
  const classify = policy.classify ?? classifyFailure;
  let startedMs = clock.now();
  let failedAttempts = 0;
  for (let attempt = 1; ; attempt++) {
    policy.signal?.throwIfAborted();
    try {
      return await operation(attempt);
    } catch (error) {
      if (policy.signal?.aborted) throw policy.signal.reason;
      const failure = classify(error);
      if (failure.kind === 'retry' && failure.reason === 'ip-banned') {
        const waitMs = failure.retryAfterMs ?? 0;
        if (waitMs > options.maxBanWaitMs)
          throw bannedTooLong(error, failure.bannedUntilMs, clock, waitMs, options);
        policy.onRetry?.({ attempt, delayMs: waitMs, failure, error });
        const banWaitStartedMs = clock.now();
        await clock.sleep(waitMs, policy.signal);
        startedMs += clock.now() - banWaitStartedMs;
        continue;
      }
      failedAttempts++;
      if (failure.kind === 'fatal' || failedAttempts >= options.maxAttempts) throw error;
      const backoffMs = computeBackoffMs({
        failedAttempts,
        baseDelayMs: options.baseDelayMs,
        maxDelayMs: options.maxDelayMs,
        random: options.random,
      });
      const delayMs = Math.max(backoffMs, failure.retryAfterMs ?? 0);
      if (clock.now() - startedMs + delayMs > options.maxTotalMs) throw error;
      policy.onRetry?.({ attempt, delayMs, failure, error });
      await clock.sleep(delayMs, policy.signal);
    }
  }
}

function bannedTooLong(
  error: unknown,
  bannedUntilMs: number | undefined,
  clock: Clock,
  waitMs: number,
  options: RetryPolicyOptions,
): IpBannedError {
  return new IpBannedError({
    bannedUntilMs: bannedUntilMs ?? clock.now() + waitMs,
    maxBanWaitMs: options.maxBanWaitMs,
    ...(isBinanceApiError(error) ? { method: error.method, endpoint: error.endpoint } : {}),
    cause: error,
  });
}

// With exactOptionalPropertyTypes an explicit `undefined` must not override a default.
function definedKnobs(policy: RetryPolicy): Partial<RetryPolicyOptions> {
  const knobs: Partial<Record<keyof RetryPolicyOptions, unknown>> = {};
  for (const key of [
    'maxAttempts',
    'baseDelayMs',
    'maxDelayMs',
    'maxTotalMs',
    'maxBanWaitMs',
    'random',
  ] as const) {
    if (policy[key] !== undefined) knobs[key] = policy[key];
  }
  return knobs as Partial<RetryPolicyOptions>;
}
