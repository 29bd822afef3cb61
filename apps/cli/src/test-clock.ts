import type { Clock } from '@oi/retry';
import type { Parsed } from './config/value-parsers.ts';

// TEST HOOK, not a user setting: OI_TEST_CLOCK lets the reliability suite run `oi collect` and
// `oi backfill` on the same fast clock as a simulator in the test process, across SIGKILLs and
// restarts. It is deliberately left out of the README, `--help` and `oi config show`.

/** The name of the test-hook variable (read only by run-oi.ts). */
export const TEST_CLOCK_VARIABLE = 'OI_TEST_CLOCK';

/** What `OI_TEST_CLOCK` sets: the engine's clock and the client's per-attempt timeout on it. */
export interface TestClock {
  /** Replaces the system clock for the client, the store's `now` and the engine. */
  readonly clock: Clock;
  /** The client's 10 s attempt timeout, in real ms at this speed (at least 1 s). */
  readonly requestTimeoutMs: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const MIN_REQUEST_TIMEOUT_MS = 1_000;
const NUMBER = /^\d+(\.\d+)?$/;
const INTEGER = /^\d+$/;

/**
 * Parses the test hook `speed:originMs:realOriginMs` into a scaled clock on which virtual time is
 * `originMs + (Date.now() - realOriginMs) * speed`, as `createScaledClock` of the simulator computes it.
 */
export async function parseTestClock(text: string): Promise<Parsed<TestClock>> {
  const expected = `expected speed:originMs:realOriginMs (a positive speed and two epoch-ms integers), found ${JSON.stringify(text)}`;
  const parts = text.split(':');
  const [speedText, originText, realOriginText] = parts;
  if (
    parts.length !== 3 ||
    speedText === undefined ||
    originText === undefined ||
    realOriginText === undefined ||
    !NUMBER.test(speedText) ||
    !INTEGER.test(originText) ||
    !INTEGER.test(realOriginText)
  ) {
    return { ok: false, problem: `invalid ${TEST_CLOCK_VARIABLE} (a test hook): ${expected}` };
  }
  const speed = Number(speedText);
  const originMs = Number(originText);
  const realOriginMs = Number(realOriginText);
  if (!(speed > 0) || !Number.isSafeInteger(originMs) || !Number.isSafeInteger(realOriginMs)) {
    return { ok: false, problem: `invalid ${TEST_CLOCK_VARIABLE} (a test hook): ${expected}` };
  }
  // The simulator's package, loaded only when the hook is set.
  const { createScaledClock } = await import('@oi/binance-sim');
  return {
    ok: true,
    value: {
      clock: createScaledClock({ originMs, realOriginMs, speed }),
      // Scaled with the clock, so a stall does not hold a backfill for 10 real seconds; never under
      // 1 real second, so a slow answer on a loaded machine is not taken for a stall.
      requestTimeoutMs: Math.max(MIN_REQUEST_TIMEOUT_MS, Math.ceil(DEFAULT_REQUEST_TIMEOUT_MS / speed)),
    },
  };
}
