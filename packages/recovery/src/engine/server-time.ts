import type { Clock } from '@oi/retry';
import type { CollectorEventHandler } from './collector-event.ts';
import type { CollectorClient } from './ports.ts';

/** The exchange's clock as seen from this machine: local time plus a measured offset. */
export interface ServerTime {
  /** The estimated exchange time now, epoch ms. */
  nowMs(): number;
  /** Exchange time minus local time, ms (positive when the exchange is ahead). */
  offsetMs(): number;
  /** Measures the offset again when the last measurement is older than the refresh interval. */
  refreshIfDue(signal?: AbortSignal): Promise<void>;
}

/** Options of {@link createServerTime}. */
export interface ServerTimeOptions {
  /** Asked for `measureServerTime()` (priority live). */
  readonly client: Pick<CollectorClient, 'measureServerTime'>;
  /** Local time and sleep. */
  readonly clock: Clock;
  /** How often to measure again. @default 600_000 (10 min) */
  readonly refreshMs?: number;
  /** Receives `server-offset` and `server-offset-failed`. */
  readonly onEvent?: CollectorEventHandler;
}

/**
 * Tracks the exchange clock. The offset is `serverTime - (sent + rtt/2)`: the exchange stamped its
 * answer about halfway through the round trip, timed by the client from the moment the request left. A failed measurement keeps the previous offset (zero
 * before the first) and is reported, so ticks go on rather than stop.
 */
export function createServerTime(options: ServerTimeOptions): ServerTime {
  const { client, clock } = options;
  const refreshMs = options.refreshMs ?? 600_000;
  let offsetMs = 0;
  let measuredAtMs: number | undefined;
  let measured = false;
  return {
    nowMs: () => clock.now() + offsetMs,
    offsetMs: () => offsetMs,
    refreshIfDue: async (signal) => {
      const startMs = clock.now();
      if (measuredAtMs !== undefined && startMs - measuredAtMs < refreshMs) return;
      try {
        // The client times the round trip from the moment the request left: a wait for the shared
        // budget before it is not network time and must not skew the offset.
        const sample = await client.measureServerTime(
          signal === undefined ? { priority: 'live' } : { priority: 'live', signal },
        );
        const { rttMs } = sample;
        offsetMs = sample.offsetMs;
        measuredAtMs = clock.now();
        measured = true;
        options.onEvent?.({ type: 'server-offset', offsetMs, rttMs });
      } catch (error) {
        if (signal?.aborted) return;
        // Never measured yet: try again after a minute rather than after the full interval.
        measuredAtMs = measured ? clock.now() : clock.now() - refreshMs + 60_000;
        options.onEvent?.({ type: 'server-offset-failed', error });
      }
    },
  };
}
