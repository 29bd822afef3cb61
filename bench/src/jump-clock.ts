import type { Clock } from '@oi/retry';

/** A real-time clock that can skip idle time: sleeps run on real timers, `jumpTo` moves time forward. */
export interface JumpClock extends Clock {
  /** Moves the clock forward to `targetMs` at once; sleeps that come due fire, the rest are re-timed. */
  jumpTo(targetMs: number): void;
  /** Holds the offset to the machine's time, so a simulator in a worker thread reads the same time. */
  readonly offsetBuffer: SharedArrayBuffer;
}

interface PendingSleep {
  readonly atMs: number;
  readonly resolve: () => void;
  handle: NodeJS.Timeout | undefined;
}

/**
 * Creates a clock whose time is the machine's time plus an offset. Work measured on it (network
 * latency, disk writes) takes real time, while the idle wait for the next minute boundary can be
 * skipped with `jumpTo`: a live tick is measured exactly as in production without waiting a minute.
 */
export function createJumpClock(startMs: number): JumpClock {
  const offsetBuffer = new SharedArrayBuffer(8);
  const offset = new Float64Array(offsetBuffer);
  offset[0] = startMs - Date.now();
  const pending = new Set<PendingSleep>();
  const now = (): number => Date.now() + offset[0]!;

  const arm = (sleep: PendingSleep): void => {
    if (sleep.handle !== undefined) clearTimeout(sleep.handle);
    sleep.handle = setTimeout(
      () => {
        pending.delete(sleep);
        sleep.resolve();
      },
      Math.max(0, sleep.atMs - now()),
    );
  };

  return {
    now,
    offsetBuffer,
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const onAbort = (): void => {
          if (sleep.handle !== undefined) clearTimeout(sleep.handle);
          pending.delete(sleep);
          reject(signal?.reason);
        };
        const sleep: PendingSleep = {
          atMs: now() + Math.max(0, ms),
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          handle: undefined,
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        pending.add(sleep);
        arm(sleep);
      });
    },
    hold: () => () => {},
    jumpTo(targetMs) {
      const skipMs = targetMs - now();
      if (skipMs <= 0) return;
      offset[0] = offset[0]! + skipMs;
      for (const sleep of pending) arm(sleep);
    },
  };
}

/**
 * The clock a worker thread builds from a shared buffer: a {@link JumpClock}'s offset (`offset`) or
 * a time another thread writes (`absolute`). Sleeps are real timers.
 */
export function createSharedTimeClock(buffer: SharedArrayBuffer, mode: 'offset' | 'absolute'): Clock {
  const shared = new Float64Array(buffer);
  return {
    now: () => (mode === 'offset' ? Date.now() + shared[0]! : shared[0]!),
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const onAbort = (): void => {
          clearTimeout(handle);
          reject(signal?.reason);
        };
        const handle = setTimeout(
          () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          Math.max(0, ms),
        );
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
    hold: () => () => {},
  };
}
