import type { TimeRangeMs } from '../../cli/range-flags.ts';
import { UsageError } from '../../errors/exit-error.ts';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Days shown by `oi report` and `oi stats --chart` when no `--from` says otherwise. */
export const DEFAULT_REPORT_DAYS = 30;

/**
 * The period a report shows: `--from`/`--to` with the end cut at the last whole minute (nothing after
 * now is stored or expected), or the last 30 days up to that minute. A range that starts after now is
 * a UsageError: there is nothing to show.
 */
export function resolveReportRange(range: TimeRangeMs | undefined, nowMs: number): TimeRangeMs {
  const nowMinuteMs = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
  const startMs = range?.startMs ?? nowMinuteMs - DEFAULT_REPORT_DAYS * DAY_MS;
  const endMs = Math.min(range?.endMs ?? nowMinuteMs, nowMinuteMs);
  if (startMs >= endMs) {
    throw new UsageError(
      `invalid range: expected --from before now, found ${new Date(startMs).toISOString()} (nothing is stored after ${new Date(nowMinuteMs).toISOString()})`,
    );
  }
  return { startMs, endMs };
}
