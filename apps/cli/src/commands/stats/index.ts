import { collectStats } from '@oi/storage';
import type { Argv } from 'yargs';
import type { CommandContext, CommandResult } from '../../cli/command-context.ts';
import { defineCommand } from '../../cli/command-module.ts';
import { assertDataDirExists } from '../../cli/existing-data-dir.ts';
import { UsageError } from '../../errors/exit-error.ts';
import { endedNote, listEndedSymbols } from '../../terminal/ended-note.ts';
import { formatBytes } from '../../terminal/format-bytes.ts';
import { formatTable } from '../../terminal/format-table.ts';
import { quarantineNote } from '../../terminal/quarantine-note.ts';
import { type CommonOptions, symbolsNamedOnCommandLine } from '../common/index.ts';
import { collectSourceCoverage, formatSourceShares } from './source-coverage.ts';
import { drawStatsChart, type StatsChart } from './stats-chart.ts';

/** The flags of `oi stats`. */
export const statsFlags = {
  chart: {
    type: 'boolean',
    default: false,
    description: 'Draw the 5m open interest of the last 30 days under the table (one symbol: -S SYMBOL)',
  },
} as const;

/** Options of `oi stats`. */
export interface StatsOptions {
  /** Draw the open interest of the one symbol named with `-S` under the table. */
  readonly chart: boolean;
}

/** Inputs of {@link showStats}. */
export interface StatsInput {
  readonly dataDir: string;
  /** Only these symbols; every symbol in the data directory when absent. */
  readonly symbols?: readonly string[];
  /** A chart drawn under the table. */
  readonly chart?: StatsChart;
}

const iso = (ms: number | null): string =>
  ms === null ? '-' : new Date(ms).toISOString().replace(':00.000Z', 'Z');

/** Declares the flags and examples of `oi stats`. */
export function buildStats(yargs: Argv) {
  return yargs
    .options(statsFlags)
    .example('$0 stats', 'every symbol in the data directory')
    .example('$0 stats --json', 'as JSON')
    .example('$0 stats --chart -S BTCUSDT', 'one symbol, its open interest drawn under the table');
}

/** Files, rows, bytes, first/last slot and coverage per symbol and series. */
export async function showStats(input: StatsInput): Promise<CommandResult> {
  await assertDataDirExists(input.dataDir);
  const stats = await collectStats(
    input.dataDir,
    input.symbols === undefined ? {} : { symbols: input.symbols },
  );
  const chart = input.chart === undefined ? undefined : await drawStatsChart(input.dataDir, input.chart);
  const chartData = chart === undefined ? {} : { chart: chart.data };
  const chartText = chart === undefined ? '' : `\n\n${chart.text}`;
  if (stats.entries.length === 0) {
    return {
      exitCode: 0,
      data: { dataDir: input.dataDir, ...stats, sources: [], ...chartData },
      text: `no data in ${input.dataDir}${chartText}`,
    };
  }
  // Which source each stored row came from: the archive, the history API, or the live ticks.
  const sources = await collectSourceCoverage(input.dataDir, stats.entries);
  const rows = stats.entries.map((entry) => [
    entry.symbol,
    entry.series,
    String(entry.files),
    String(entry.rows),
    formatBytes(entry.bytes),
    iso(entry.firstSlotMs),
    iso(entry.lastSlotMs),
    `${entry.coveragePercent.toFixed(2)}%`,
    formatSourceShares(sources, entry),
  ]);
  const total = stats.total;
  rows.push([
    'total',
    '',
    String(total.files),
    String(total.rows),
    formatBytes(total.bytes),
    iso(total.firstSlotMs),
    iso(total.lastSlotMs),
    `${total.coveragePercent.toFixed(2)}%`,
    formatSourceShares(sources),
  ]);
  const table = formatTable(
    ['symbol', 'series', 'files', 'rows', 'size', 'first', 'last', 'coverage', 'by source'],
    rows,
  );
  const ended = await listEndedSymbols(input.dataDir, input.symbols);
  return {
    exitCode: 0,
    data: { dataDir: input.dataDir, ...stats, sources, ended, ...chartData },
    text: `${input.dataDir}\n${table}${quarantineNote(stats.quarantine)}${endedNote(ended)}${chartText}`,
  };
}

/** The columns of the terminal stdout goes to, or 80 when it is not one. */
function terminalColumns(stdout: NodeJS.WritableStream): number {
  const columns = (stdout as { columns?: unknown }).columns;
  return typeof columns === 'number' && columns > 0 ? columns : 80;
}

/** `oi stats`: {@link showStats} for the symbols named with `-S`, and with `--chart` the chart of the one. */
export function runStats(
  options: StatsOptions,
  common: CommonOptions,
  context: CommandContext,
): Promise<CommandResult> {
  const named = symbolsNamedOnCommandLine(common);
  const input = { dataDir: common.config.dataDir, ...named };
  if (!options.chart) return showStats(input);
  const symbol = named.symbols?.length === 1 ? named.symbols[0] : undefined;
  if (symbol === undefined) {
    const found = named.symbols === undefined ? 'none' : named.symbols.join(',');
    throw new UsageError(`--chart draws one symbol: expected exactly one -S SYMBOL, found ${found}`);
  }
  return showStats({
    ...input,
    chart: { symbol, nowMs: Date.now(), width: terminalColumns(context.stdout) },
  });
}

/** `oi stats`. */
export const statsCommand = defineCommand({
  name: 'stats',
  describe: 'Storage statistics: files, rows, bytes, first/last slot, coverage',
  builder: buildStats,
  // The old `--stats` form has no --chart.
  options: (args): StatsOptions => ({ chart: args.chart === true }),
  handler: runStats,
  writesData: false,
});
