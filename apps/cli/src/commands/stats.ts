import { collectStats } from '@oi/storage';
import type { CommandResult } from '../command-context.ts';

/** Inputs of {@link showStats}. */
export interface StatsInput {
  readonly dataDir: string;
  /** Only these symbols; every symbol in the data directory when absent. */
  readonly symbols?: readonly string[];
}

const iso = (ms: number | null): string =>
  ms === null ? '-' : new Date(ms).toISOString().replace(':00.000Z', 'Z');

/** Formats a byte count for people (the JSON keeps the exact number). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

/** Lays out rows of cells as left-aligned columns. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** `oi stats`: files, rows, bytes, first/last slot and coverage per symbol and series. */
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
