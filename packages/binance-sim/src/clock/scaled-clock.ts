import { systemClock } from '@oi/retry';
import type { SimClock } from './clock.ts';

/** Options of {@link createScaledClock}. */
export interface ScaledClockOptions {
  /** The virtual epoch ms at `realOriginMs`. */
  readonly originMs: number;
  /** The real epoch ms (`Date.now()`) that maps to `originMs`. */
  readonly realOriginMs: number;
  /** Virtual ms per real ms: 60 makes one virtual minute last one real second. */
  readonly speed: number;
}

/**
 * A real-time clock running `speed` times faster, for tests that span processes: every process that
 * builds one from the same options reads the same virtual time from `Date.now()`, so a simulator in the
 * test and an `oi` child it kills and restarts agree on the time. `now()` is `originMs + (Date.now() -
 * realOriginMs) * speed`; `sleep(ms)` waits `ms / speed` real ms; `hold` does nothing, because time
 * passes whether or not work is in progress (as it does on the real clock).
 */
export function createScaledClock(options: ScaledClockOptions): SimClock {
  const { originMs, realOriginMs, speed } = options;
  if (!Number.isFinite(originMs) || !Number.isFinite(realOriginMs)) {
    throw new RangeError(`originMs and realOriginMs must be finite, got ${originMs} and ${realOriginMs}`);
  }
  if (!(Number.isFinite(speed) && speed > 0)) {
    throw new RangeError(`speed must be a positive number, got ${speed}`);
  }
  const now = (): number => Math.floor(originMs + (Date.now() - realOriginMs) * speed);
  return Object.freeze({
    now,
    // Rounded up so that, timer precision allowing, `now()` has moved by at least `ms` on wake-up.
    sleep: (ms: number, signal?: AbortSignal): Promise<void> =>
      systemClock.sleep(Math.ceil((Number.isFinite(ms) ? Math.max(0, ms) : 0) / speed), signal),
    hold: systemClock.hold,
  });
}
