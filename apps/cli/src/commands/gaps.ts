import type { CommandResult } from '../command-context.ts';
import type { GapsOptions, TimeRangeMs } from '../invocation.ts';
import { formatGapReports, scanRange, totalGaps } from './gap-summary.ts';

const DAY_MS = 86_400_000;

/** Inputs of {@link showGaps} besides the command options. */
export interface GapsInput {
  readonly dataDir: string;
  readonly symbols: readonly string[];
  readonly nowMs: number;
}

/** The default `oi gaps` range: the last 30 days up to the last whole minute. */
export function defaultGapRange(nowMs: number): TimeRangeMs {
  const endMs = Math.floor(nowMs / 60_000) * 60_000;
  return { startMs: endMs - 30 * DAY_MS, endMs };
}

/**
 * `oi gaps`: coverage and missing slots per symbol and series, and what can still fill them. Reads
 * only local files (no exchange), so slots before a listing count as missing here.
 */
export async function showGaps(options: GapsOptions, input: GapsInput): Promise<CommandResult> {
  const fallback = defaultGapRange(input.nowMs);
  const range = {
    startMs: options.range?.startMs ?? fallback.startMs,
    endMs: Math.min(options.range?.endMs ?? fallback.endMs, fallback.endMs),
  };
  if (range.startMs >= range.endMs) {
    return {
      exitCode: 0,
      data: { range, reports: [], totals: totalGaps([]) },
      text: 'the range lies in the future: nothing is expected yet',
    };
  }
  const reports = await scanRange({ ...input, series: options.series, range });
  const totals = totalGaps(reports);
  return {
    exitCode: 0,
    data: { range, reports, totals },
    text: `${new Date(range.startMs).toISOString()} .. ${new Date(range.endMs).toISOString()}\n${formatGapReports(reports)}`,
  };
}
