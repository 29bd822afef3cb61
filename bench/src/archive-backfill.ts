import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchRow, megabytes, round } from './bench-row.ts';
import { measureChild } from './measure-child.ts';
import { OI_CLI } from './oi-cli.ts';
import { REALISTIC_LATENCY } from './realistic-latency.ts';
import { startSimWorker } from './start-sim-worker.ts';

const DAY_MS = 86_400_000;
const SLOT_MS = 300_000;
/** Binance's real history budget: 1000 requests per 5 minutes (the client's and the simulator's default). */
const HISTORY_BUDGET = { requests: 1000, windowMs: 300_000 } as const;
const SLOTS_PER_REQUEST = 500;

/** What to backfill: generated symbols over the last days, or BTCUSDT from a first day to now. */
export type ArchiveBenchCase =
  | { readonly kind: 'symbols'; readonly symbols: number; readonly days: number }
  | { readonly kind: 'history'; readonly symbol: string; readonly fromDay: string };

/** Figures of one `oi backfill --source auto` run. */
export interface ArchiveBenchResult {
  readonly symbols: number;
  readonly days: number;
  /** The child's wall time, Node's start-up included. */
  readonly wallMs: number;
  /** The backfill's own duration (its `durationMs`). */
  readonly backfillMs: number;
  readonly maxRssBytes: number;
  readonly cpuMs: number;
  readonly archiveFiles: number;
  readonly archiveRows: number;
  readonly filesPerSecond: number;
  readonly slotsFromArchive: number;
  readonly slotsFromApi: number;
  readonly historyRequests: number;
  readonly missingSlots: number;
  /** The history budget's floor for an API-only backfill of the same slots, at 500 slots a request. */
  readonly apiOnlyMinimumMs: number;
  /** The one-minute load average before and after the run (the machine is shared). */
  readonly loadBefore: number;
  readonly loadAfter: number;
}

/**
 * `oi backfill` (default `--source auto`) as a measured child process against the simulator in a
 * worker thread, which serves the archive on its API listener with 30 +- 10 ms latency and
 * Binance's real history budget (1000 requests per 5 minutes, in the client and the simulator).
 * Finished days come from the archive (no budget), the rest of the range from the history API.
 */
export async function benchArchiveBackfill(benchCase: ArchiveBenchCase): Promise<ArchiveBenchResult> {
  const sim = await startSimWorker({
    seed: 19,
    extraSymbols: benchCase.kind === 'symbols' ? benchCase.symbols : 0,
    latency: REALISTIC_LATENCY,
  });
  const workDir = await mkdtemp(join(tmpdir(), 'oi-bench-archive-'));
  try {
    const nowMs = Date.now();
    const endMs = Math.floor(nowMs / SLOT_MS) * SLOT_MS;
    const startMs =
      benchCase.kind === 'symbols'
        ? endMs - benchCase.days * DAY_MS
        : Date.parse(`${benchCase.fromDay}T00:00Z`);
    const symbols = benchCase.kind === 'symbols' ? sim.extraSymbols : [benchCase.symbol];
    const loadBefore = loadavg()[0] ?? 0;
    const usage = await measureChild({
      script: OI_CLI,
      args: [
        'backfill',
        '-S',
        symbols.join(','),
        '--from',
        new Date(startMs).toISOString(),
        '--to',
        new Date(endMs).toISOString(),
        '--fapi-url',
        sim.url,
        '--archive-url',
        sim.url,
        '--data-dir',
        join(workDir, 'data'),
        '--yes',
        '--no-resume',
        '--json',
        '--log-level',
        'warn',
      ],
      cwd: workDir,
      // Its own budget ledger: the run must neither wait for nor charge the host's real one.
      env: { OI_BUDGET_DIR: join(workDir, 'budgets') },
    });
    const loadAfter = loadavg()[0] ?? 0;
    // Exit 3 (gaps remain) is a result here, not a failure: the figures say what is missing.
    if (usage.exitCode !== 0 && usage.exitCode !== 3) {
      throw new Error(`oi backfill exited with ${usage.exitCode}: ${usage.stderr.trim().slice(-2000)}`);
    }
    const result = JSON.parse(usage.stdout) as {
      durationMs: number;
      requests: number;
      slotsWrittenBySource: { api: number; archive: number };
      archive: { stored: number; rows: number };
      remaining: { missingSlots: number };
    };
    const slots = (endMs - startMs) / SLOT_MS;
    const apiOnlyRequests = symbols.length * Math.ceil(slots / SLOTS_PER_REQUEST);
    return {
      symbols: symbols.length,
      days: round((endMs - startMs) / DAY_MS, 1),
      wallMs: round(usage.wallMs),
      backfillMs: round(result.durationMs),
      maxRssBytes: usage.maxRssBytes,
      cpuMs: round(usage.userCpuMs + usage.systemCpuMs),
      archiveFiles: result.archive.stored,
      archiveRows: result.archive.rows,
      filesPerSecond: round(result.archive.stored / (result.durationMs / 1000), 1),
      slotsFromArchive: result.slotsWrittenBySource.archive,
      slotsFromApi: result.slotsWrittenBySource.api,
      historyRequests: result.requests,
      missingSlots: result.remaining.missingSlots,
      apiOnlyMinimumMs: round((apiOnlyRequests / HISTORY_BUDGET.requests) * HISTORY_BUDGET.windowMs),
      loadBefore: round(loadBefore, 1),
      loadAfter: round(loadAfter, 1),
    };
  } finally {
    await sim.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

/** The table row of an archive backfill: under 2 minutes of wall time and a peak RSS under 200 MB. */
export function archiveBackfillRow(benchCase: ArchiveBenchCase, result: ArchiveBenchResult): BenchRow {
  const size =
    benchCase.kind === 'symbols'
      ? `${result.symbols} symbols x ${benchCase.days} d, archive + API`
      : `${benchCase.symbol} since ${benchCase.fromDay} (${Math.floor(result.days)} d)`;
  return {
    benchmark: 'archive backfill',
    size,
    figures: { ...result },
    summary:
      `${round(result.wallMs / 1000, 1)} s (backfill ${round(result.backfillMs / 1000, 1)} s), ` +
      `${result.archiveFiles} files at ${result.filesPerSecond}/s, ${result.historyRequests} API requests, ` +
      `peak RSS ${megabytes(result.maxRssBytes)} MB; API-only floor ${round(result.apiOnlyMinimumMs / 60_000, 1)} min; ` +
      `load ${result.loadBefore}-${result.loadAfter}`,
    target: '< 2 min, RSS < 200 MB',
    met: result.wallMs < 120_000 && result.maxRssBytes < 200e6,
  };
}
