import type { Clock } from '../clock.ts';

/** A clock whose sleeps return at once, advance `now` and are recorded, for tests of waiting logic. */
export interface RecordingClock extends Clock {
  /** Every sleep requested, in ms, in order. */
  readonly sleeps: number[];
}

/** Creates a {@link RecordingClock} starting at `startMs`. */
export function createRecordingClock(startMs = 1_700_000_000_000): RecordingClock {
  let nowMs = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => nowMs,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      nowMs += ms;
    },
    hold: () => () => {},
  };
}
