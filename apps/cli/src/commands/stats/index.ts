import { collectStats } from '@oi/storage';
import type { Argv } from 'yargs';
import type { CommandResult } from '../../cli/command-context.ts';
import { defineCommand } from '../../cli/command-module.ts';
import { formatBytes } from '../../terminal/format-bytes.ts';
import { formatTable } from '../../terminal/format-table.ts';
import { type CommonOptions, symbolsNamedOnCommandLine } from '../common/index.ts';

/** Inputs of {@link showStats}. */
export interface StatsInput {
  readonly dataDir: string;
  /** Only these symbols; every symbol in the data directory when absent. */
  readonly symbols?: readonly string[];
}

const iso = (ms: number | null): string =>
  ms === null ? '-' : new Date(ms).toISOString().replace(':00.000Z', 'Z');

/** Declares the examples of `oi stats` (it has no flags of its own). */
export function buildStats(yargs: Argv) {
  return yargs
    .example('$0 stats', 'every symbol in the data directory')
    .example('$0 stats --json', 'as JSON');
}

/** Files, rows, bytes, first/last slot and coverage per symbol and series. */
export async function showStats(input: StatsInput): Promise<CommandResult> {
  const stats = await collectStats(
    input.dataDir,
    input.symbols === undefined ? {} : { symbols: input.symbols },
  );
  if (stats.entries.length === 0) {
    return { exitCode: 0, data: { dataDir: input.dataDir, ...stats }, text: `no data in ${input.dataDir}` };
  }
  const rows = stats.entries.map((entry) => [
    entry.symbol,
    entry.series,
    String(entry.files),
    String(entry.rows),
    formatBytes(entry.bytes),
    iso(entry.firstSlotMs),
    iso(entry.lastSlotMs),
    `${entry.coveragePercent.toFixed(2)}%`,
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
  ]);
  const table = formatTable(['symbol', 'series', 'files', 'rows', 'size', 'first', 'last', 'coverage'], rows);
  return { exitCode: 0, data: { dataDir: input.dataDir, ...stats }, text: `${input.dataDir}\n${table}` };
}

/** `oi stats`. */
export const statsCommand = defineCommand({
  name: 'stats',
  describe: 'Storage statistics: files, rows, bytes, first/last slot, coverage',
  builder: buildStats,
  options: () => ({}),
  handler: (_options, common: CommonOptions) =>
    showStats({ dataDir: common.config.dataDir, ...symbolsNamedOnCommandLine(common) }),
  writesData: false,
});
