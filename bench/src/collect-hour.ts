import { fileURLToPath } from 'node:url';
import { type BenchRow, megabytes, round } from './bench-row.ts';
import { measureChild, spawnMeasured } from './measure-child.ts';

const CHILD = fileURLToPath(new URL('./collect-hour-child.ts', import.meta.url));
const SIM_PROCESS = fileURLToPath(new URL('./sim-process.ts', import.meta.url));

/** Figures of a simulated collector run. */
export interface CollectHourResult {
  readonly symbols: number;
  readonly virtualHours: number;
  readonly wallMs: number;
  /** CPU time (user + system) of the collector process. */
  readonly collectorCpuMs: number;
  /** The collector's CPU as a share of one core over the virtual duration. */
  readonly collectorCpuPercentOfCore: number;
  /** Peak RSS of the collector process. */
  readonly maxRssBytes: number;
  /** Peaks of `process.memoryUsage()` sampled every 250 ms: where the memory is. */
  readonly peakMemoryBytes: Readonly<
    Record<'rss' | 'heapTotal' | 'heapUsed' | 'external' | 'arrayBuffers', number>
  >;
  /** CPU time of the simulator process, for scale. */
  readonly simulatorCpuMs: number;
  readonly ticks: number;
  readonly rows1m: number;
  readonly missedSlots1m: number;
  readonly slotsWritten5m: number;
  readonly requests: number;
  readonly http429: number;
  readonly http418: number;
}

/**
 * Runs collect-hour-child.ts in a measured child process against the simulator in another measured
 * process (sim-process.ts), so the collector's CPU time and peak RSS are its own.
 */
export async function benchCollectHour(symbolCount: number, hours: number): Promise<CollectHourResult> {
  const startMs = Date.UTC(2026, 0, 15, 12, 0, 30);
  const sim = spawnMeasured({
    script: SIM_PROCESS,
    args: ['--seed', '17', '--extra-symbols', String(symbolCount), '--start-ms', String(startMs)],
  });
  const ready = await sim.firstLine;
  if (ready === '') throw new Error(`simulator process failed: ${(await sim.done).stderr.trim()}`);
  const { url, symbols } = JSON.parse(ready) as { url: string; symbols: string[] };
  let usage: Awaited<ReturnType<typeof measureChild>>;
  try {
    usage = await measureChild({
      script: CHILD,
      // The collector as `oi collect` runs it: with oi's memory settings.
      oiMemorySettings: true,
      args: [
        '--sim-url',
        url,
        '--symbols',
        symbols.join(','),
        '--hours',
        String(hours),
        '--start-ms',
        String(startMs),
      ],
    });
  } finally {
    sim.process.kill('SIGTERM');
  }
  const simUsage = await sim.done;
  if (usage.exitCode !== 0)
    throw new Error(`collect run exited with ${usage.exitCode}: ${usage.stderr.trim()}`);
  const child = JSON.parse(usage.stdout) as {
    symbols: number;
    virtualMs: number;
    ticks: number;
    rows1m: number;
    missedSlots1m: number;
    slotsWritten5m: number;
    peakMemoryBytes: CollectHourResult['peakMemoryBytes'];
  };
  const counts = JSON.parse(simUsage.stdout.split('\n')[1] ?? '{}') as {
    total?: number;
    byStatus?: Record<string, number>;
  };
  const collectorCpuMs = usage.userCpuMs + usage.systemCpuMs;
  return {
    symbols: child.symbols,
    virtualHours: round(child.virtualMs / 3_600_000, 2),
    wallMs: round(usage.wallMs),
    collectorCpuMs: round(collectorCpuMs),
    collectorCpuPercentOfCore: round((100 * collectorCpuMs) / child.virtualMs, 2),
    maxRssBytes: usage.maxRssBytes,
    peakMemoryBytes: child.peakMemoryBytes,
    simulatorCpuMs: round(simUsage.userCpuMs + simUsage.systemCpuMs),
    ticks: child.ticks,
    rows1m: child.rows1m,
    missedSlots1m: child.missedSlots1m,
    slotsWritten5m: child.slotsWritten5m,
    requests: counts.total ?? 0,
    http429: counts.byStatus?.['429'] ?? 0,
    http418: counts.byStatus?.['418'] ?? 0,
  };
}

/** The table row of a collector run: RSS < 200 MB. */
export function collectHourRow(result: CollectHourResult): BenchRow {
  const { peakMemoryBytes, ...figures } = result;
  return {
    benchmark: 'oi collect (virtual)',
    size: `${result.symbols} symbols x ${result.virtualHours} h`,
    figures: {
      ...figures,
      peakHeapTotalBytes: peakMemoryBytes.heapTotal,
      peakHeapUsedBytes: peakMemoryBytes.heapUsed,
      peakExternalBytes: peakMemoryBytes.external,
      peakArrayBuffersBytes: peakMemoryBytes.arrayBuffers,
    },
    summary:
      `CPU ${round(result.collectorCpuMs / 1000, 1)} s (${result.collectorCpuPercentOfCore}% of a core), ` +
      `peak RSS ${megabytes(result.maxRssBytes)} MB (heap ${megabytes(peakMemoryBytes.heapUsed)} MB), ` +
      `${result.ticks} ticks, ${result.rows1m} 1m + ${result.slotsWritten5m} 5m rows, ${result.missedSlots1m} missed, ` +
      `${result.http429} x 429`,
    target: 'RSS < 200 MB',
    met: result.maxRssBytes < 200e6,
  };
}
