import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type BenchRow, megabytes, round } from './bench-row.ts';
import { measureChild } from './measure-child.ts';
import { OI_CLI } from './oi-cli.ts';

/** Figures of one `oi export` run. */
export interface ExportBenchResult {
  readonly rows: number;
  readonly wallMs: number;
  readonly rowsPerSecond: number;
  readonly maxRssBytes: number;
  readonly cpuMs: number;
  readonly outputBytes: number;
}

/** Options of {@link benchExport}. */
export interface ExportBenchOptions {
  readonly dataDir: string;
  /** Working directory of the child and where the CSV goes. */
  readonly workDir: string;
  /** First and last UTC day, `YYYY-MM-DD`, both included. */
  readonly fromDay: string;
  readonly toDay: string;
}

/**
 * `oi export --series 1m --format csv --out <file>` as a child process over the fixture's data
 * directory: rows per second over the child's whole wall time (start-up included) and its peak RSS.
 */
export async function benchExport(options: ExportBenchOptions): Promise<ExportBenchResult> {
  const outPath = join(options.workDir, 'export.csv');
  const usage = await measureChild({
    script: OI_CLI,
    args: [
      'export',
      '--data-dir',
      options.dataDir,
      '--series',
      '1m',
      '--format',
      'csv',
      '--from',
      options.fromDay,
      '--to',
      options.toDay,
      '--out',
      outPath,
      '--json',
      '--log-level',
      'error',
    ],
    cwd: options.workDir,
  });
  if (usage.exitCode !== 0) {
    throw new Error(`oi export exited with ${usage.exitCode}: ${usage.stderr.trim()}`);
  }
  const result = JSON.parse(usage.stdout) as { rows: number };
  return {
    rows: result.rows,
    wallMs: round(usage.wallMs),
    rowsPerSecond: round(result.rows / (usage.wallMs / 1000)),
    maxRssBytes: usage.maxRssBytes,
    cpuMs: round(usage.userCpuMs + usage.systemCpuMs),
    outputBytes: (await stat(outPath)).size,
  };
}

/** The table row of an export run: >= 1M rows/s and RSS < 200 MB. */
export function exportRow(result: ExportBenchResult): BenchRow {
  return {
    benchmark: 'export CSV',
    size: `${round(result.rows / 1e6, 2)}M rows 1m`,
    figures: { ...result },
    summary:
      `${round(result.rowsPerSecond / 1e6, 2)}M rows/s (${round(result.wallMs / 1000, 1)} s), ` +
      `peak RSS ${megabytes(result.maxRssBytes)} MB, ${megabytes(result.outputBytes)} MB out`,
    target: '>= 1M rows/s, RSS < 200 MB',
    met: result.rowsPerSecond >= 1e6 && result.maxRssBytes < 200e6,
  };
}
