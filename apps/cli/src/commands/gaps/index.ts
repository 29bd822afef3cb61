import type { HistorySource } from '@oi/recovery';
import { listQuarantine, type Series } from '@oi/storage';
import type { Argv } from 'yargs';
import type { CommandContext, CommandResult } from '../../cli/command-context.ts';
import { defineCommand } from '../../cli/command-module.ts';
import { assertDataDirExists } from '../../cli/existing-data-dir.ts';
import { checkRangeOrder, rangeFlags, rangeOf, type TimeRangeMs } from '../../cli/range-flags.ts';
import { formatGapReports, scanRange, totalGaps } from '../../engine/gap-summary.ts';
import { endedNote, listEndedSymbols } from '../../terminal/ended-note.ts';
import { quarantineNote } from '../../terminal/quarantine-note.ts';
import type { CommonOptions } from '../common/index.ts';
import { sourceFlags } from '../common/source-flag.ts';

const DAY_MS = 86_400_000;
const SERIES = ['1m', '5m'] as const;

/** The flags of `oi gaps`. */
export const gapsFlags = {
  ...rangeFlags(false),
  series: {
    choices: SERIES,
    array: true,
    default: [...SERIES],
    description: 'Series to report, one or both',
  },
  ...sourceFlags,
} as const;

/** Options of `oi gaps`. */
export interface GapsOptions {
  /** Defaults to the last 30 days when absent. */
  readonly range?: TimeRangeMs;
  readonly series: readonly Series[];
  /**
   * The sources a backfill would use: what each gap can be filled by, and why not, follows from
   * them (and from the archive's recorded checks). @default 'auto'
   */
  readonly source?: HistorySource;
}

/** Inputs of {@link showGaps} besides the command options. */
export interface GapsInput {
  readonly dataDir: string;
  readonly symbols: readonly string[];
  readonly nowMs: number;
}

/** Declares the flags and examples of `oi gaps`. */
export function buildGaps(yargs: Argv) {
  return yargs
    .options(gapsFlags)
    .check(checkRangeOrder)
    .example('$0 gaps', 'the last 30 days, both series')
    .example('$0 gaps -S BTCUSDT --series 5m --from 2024-01-01 --json', 'one symbol, machine-readable')
    .example('$0 gaps --series 5m --from 2020-09-01 --source api', 'what the API alone could still fill');
}

/** The default `oi gaps` range: the last 30 days up to the last whole minute. */
export function defaultGapRange(nowMs: number): TimeRangeMs {
  const endMs = Math.floor(nowMs / 60_000) * 60_000;
  return { startMs: endMs - 30 * DAY_MS, endMs };
}

/**
 * Coverage and missing slots per symbol and series, and what can still fill them. Reads only local
 * files (no exchange), so slots before a listing count as missing here.
 */
export async function showGaps(options: GapsOptions, input: GapsInput): Promise<CommandResult> {
  await assertDataDirExists(input.dataDir);
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
  const reports = await scanRange({
    ...input,
    series: options.series,
    range,
    source: options.source ?? 'auto',
  });
  const totals = totalGaps(reports);
  // Slots of an unreadable day file count as missing; the file itself is named, never skipped unseen.
  const quarantine = await listQuarantine(input.dataDir, {
    symbols: input.symbols,
    series: options.series,
    range,
  });
  const ended = await listEndedSymbols(input.dataDir, input.symbols);
  return {
    exitCode: 0,
    data: { range, reports, totals, quarantine, ended },
    text: `${new Date(range.startMs).toISOString()} .. ${new Date(range.endMs).toISOString()}\n${formatGapReports(reports)}${quarantineNote(quarantine)}${endedNote(ended)}`,
  };
}

/** `oi gaps`: {@link showGaps} for the configured symbols, now (the test clock's now under `OI_TEST_CLOCK`). */
export function runGaps(
  options: GapsOptions,
  common: CommonOptions,
  context: CommandContext,
): Promise<CommandResult> {
  return showGaps(options, {
    dataDir: common.config.dataDir,
    symbols: common.config.symbols,
    nowMs: context.testClock?.clock.now() ?? Date.now(),
  });
}

/** `oi gaps`. */
export const gapsCommand = defineCommand({
  name: 'gaps',
  describe: 'Coverage and missing slots per symbol and series, recoverable or not',
  builder: buildGaps,
  options: (args): GapsOptions => {
    const range = rangeOf(args);
    // `--series 5m --series 5m` names one series.
    const series = SERIES.filter((name) => args.series.includes(name));
    return { ...(range === undefined ? {} : { range }), series, source: args.source };
  },
  handler: runGaps,
  writesData: false,
});
