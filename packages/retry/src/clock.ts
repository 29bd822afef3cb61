/** The time source and sleeper that everything which schedules takes, so tests can run on virtual time. */
export interface Clock {
  /** Current epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when the signal aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Marks work in progress (e.g. an HTTP request in flight). A virtual clock does not advance while
   * any hold is open; call the returned function to release it.
   */
  hold(): () => void;
}

/** The real clock: `Date.now`, an abortable `setTimeout`, and a `hold` that does nothing. */
export const systemClock: Clock = Object.freeze({
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
