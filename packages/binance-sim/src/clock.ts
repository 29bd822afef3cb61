/**
 * The time source the simulator runs on. Structurally identical to `Clock` of `@oi/retry`, so one
 * virtual clock can drive the simulator, the client and the collector in the same test.
 */
export interface SimClock {
  /** Current epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when the signal aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Marks work in progress; a virtual clock never advances while a hold is open. Returns the release. */
  hold(): () => void;
}

/** The real clock: `Date.now`, an abortable `setTimeout`, and a `hold` that does nothing. */
export const realClock: SimClock = Object.freeze({
  now: () => Date.now(),
  sleep: (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
  hold: () => releaseNothing,
});

function releaseNothing(): void {}
