import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchRow, round } from './bench-row.ts';
import { type ChildUsage, measureChild } from './measure-child.ts';
import { OI_CLI } from './oi-cli.ts';
import { REALISTIC_LATENCY } from './realistic-latency.ts';
import { startSimWorker } from './start-sim-worker.ts';

const DAY_MS = 86_400_000;
const SLOT_MS = 300_000;
/** Binance's 1000 history requests per 5 minutes, scaled to 5 s like the backfill benchmark's. */
const SCALED_BUDGET = { limit: 1000, windowMs: 5000, flag: '1000/5s' } as const;

/** Options of {@link benchSharedBudget}. */
export interface SharedBudgetBenchOptions {
  /** Symbols in all (one process takes all, two processes half each). */
  readonly symbols: number;
  /** Days of 5m history, ending now. */
  readonly days: number;
}

/** Figures of one run of {@link benchSharedBudget}. */
export interface SharedBudgetBenchResult {
  readonly symbols: number;
  readonly days: number;
  /** Wall time of one `oi backfill` of every symbol. */
  readonly oneProcessMs: number;
  /** Wall time of two `oi backfill` processes of half the symbols each, started together, until both ended. */
  readonly twoProcessesMs: number;
  /** `twoProcessesMs / oneProcessMs`. */
  readonly ratio: number;
  readonly historyRequests: number;
  readonly http429: number;
  readonly http418: number;
  /** Slots written by the two processes together (the same as the one process wrote). */
  readonly slotsWritten: number;
}

/**
 * The same history backfill once as one `oi backfill` child and once as two children sharing the
 * host's budget ledger (one `OI_BUDGET_DIR`, `--history-budget 1000/5s`), against one simulator with
 * realistic latency and the same scaled budget. Both runs share the ledger, so the second starts
 * knowing what the first used.
 */
export async function benchSharedBudget(options: SharedBudgetBenchOptions): Promise<SharedBudgetBenchResult> {
  const sim = await startSimWorker({
    seed: 23,
    extraSymbols: options.symbols,
    latency: REALISTIC_LATENCY,
    limits: { historyRequestsPerWindow: SCALED_BUDGET.limit, historyWindowMs: SCALED_BUDGET.windowMs },
  });
  const workDir = await mkdtemp(join(tmpdir(), 'oi-bench-shared-'));
  try {
    const endMs = Math.floor(Date.now() / SLOT_MS) * SLOT_MS;
    const startMs = endMs - options.days * DAY_MS;
    const backfill = (symbols: readonly string[], dataDir: string): Promise<ChildUsage> =>
      measureChild({
        script: OI_CLI,
        args: [
          'backfill',
          ...Object.entries({
            '--symbols': symbols.join(','),
            '--from': new Date(startMs).toISOString(),
            '--to': new Date(endMs).toISOString(),
            '--source': 'api',
            '--history-budget': SCALED_BUDGET.flag,
            '--fapi-url': sim.url,
            '--data-dir': join(workDir, dataDir),
            '--log-level': 'warn',
          }).flat(),
          '--yes',
          '--no-resume',
          '--json',
        ],
        cwd: workDir,
        // One ledger for both runs, and never the host's real one.
        env: { OI_BUDGET_DIR: join(workDir, 'budgets') },
      });
    const written = (usage: ChildUsage): number => {
      if (usage.exitCode !== 0) {
        throw new Error(`oi backfill exited with ${usage.exitCode}: ${usage.stderr.trim().slice(-2000)}`);
      }
      return (JSON.parse(usage.stdout) as { slotsWritten: number }).slotsWritten;
    };
    const all = sim.extraSymbols;
    const half = Math.ceil(all.length / 2);
    await sim.takeCounts();
    const one = await backfill(all, 'one');
    const oneSlots = written(one);
    const oneCounts = await sim.takeCounts();
    // A pause of one window: the second run starts with the server's window as fresh as the first's.
    await new Promise((resolve) => setTimeout(resolve, SCALED_BUDGET.windowMs));
    await sim.takeCounts();
    const startedMs = performance.now();
    const two = await Promise.all([
      backfill(all.slice(0, half), 'two-a'),
      backfill(all.slice(half), 'two-b'),
    ]);
    const twoProcessesMs = performance.now() - startedMs;
    const twoSlots = two.reduce((sum, usage) => sum + written(usage), 0);
    const twoCounts = await sim.takeCounts();
    if (twoSlots !== oneSlots)
      throw new Error(`two processes wrote ${twoSlots} slots, one wrote ${oneSlots}`);
    const status = (code: string): number =>
      (oneCounts.byStatus[code] ?? 0) + (twoCounts.byStatus[code] ?? 0);
    return {
      symbols: all.length,
      days: options.days,
      oneProcessMs: round(one.wallMs),
      twoProcessesMs: round(twoProcessesMs),
      ratio: round(twoProcessesMs / one.wallMs, 2),
      historyRequests: twoCounts.historyRequests,
      http429: status('429'),
      http418: status('418'),
      slotsWritten: twoSlots,
    };
  } finally {
    await sim.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

/** The table row: target two processes within 1.15x of one, with no 429 and no 418. */
export function sharedBudgetRow(result: SharedBudgetBenchResult): BenchRow {
  return {
    benchmark: 'backfill, 2 processes, 1 budget',
    size: `${result.symbols} symbols x ${result.days} d (\`oi backfill\` children)`,
    figures: { ...result },
    summary:
      `two processes ${round(result.twoProcessesMs / 1000, 1)} s vs one ${round(result.oneProcessMs / 1000, 1)} s ` +
      `(${result.ratio}x), ${result.historyRequests} requests each run, ${result.http429} x 429, ${result.http418} x 418`,
    target: '<= 1.15x one process, 0 x 429',
    met: result.ratio <= 1.15 && result.http429 === 0 && result.http418 === 0,
  };
}
