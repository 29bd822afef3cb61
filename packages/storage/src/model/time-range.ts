import { InvalidTimeRangeError } from './errors.ts';

/** A half-open time interval `[startMs, endMs)` in epoch milliseconds. */
export interface TimeRange {
  readonly startMs: number;
  readonly endMs: number;
}

/** Returns `range` when both ends are safe integers and `startMs <= endMs`, otherwise throws. */
export function assertTimeRange(range: TimeRange): TimeRange {
  if (
    typeof range !== 'object' ||
    range === null ||
    !Number.isSafeInteger(range.startMs) ||
    !Number.isSafeInteger(range.endMs) ||
    range.startMs > range.endMs
  ) {
    throw new InvalidTimeRangeError(
      `invalid time range ${JSON.stringify(range)}: expected integer epoch ms with startMs <= endMs`,
    );
  }
  return range;
}
