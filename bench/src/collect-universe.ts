import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchRow, megabytes, round } from './bench-row.ts';
import { parseCollectorLine, type TickDoneLine } from './collector-log.ts';
import { spawnMeasured } from './measure-child.ts';
import { OI_CLI } from './oi-cli.ts';
import { percentile } from './percentile.ts';
import { REALISTIC_LATENCY } from './realistic-latency.ts';
import type { SimCounts } from './sim-worker-protocol.ts';
import { startSimWorker } from './start-sim-worker.ts';

const MINUTE_MS = 60_000;
/** Binance's request weight per minute (the client's and the simulator's default). */
const WEIGHT_BUDGET = 2400;
const RSS_SAMPLE_MS = 500;

/** Options of {@link benchCollectUniverse}. */
export interface CollectUniverseOptions {
  /** Generated USDⓈ-M perpetuals beside the simulator's named ones. */
  readonly usdMSymbols: number;
  /** Generated COIN-M perpetuals beside the named ones. */
  readonly coinMSymbols: number;
  /** Whole minutes of ticks to measure once both markets' first patrol rounds are done. */
  readonly ticksAfterPatrol: number;
  /** The run is stopped after this long whatever happened. */
  readonly maxWallMs: number;
}

/** Figures of one real-time `oi collect --market all --symbols all` run. */
export interface CollectUniverseResult {
  /** Rows of the last minute both markets ticked: the live symbols. */
  readonly liveSymbols: number;
  readonly ticks: number;
  readonly ticksDuringPatrol: number;
  /** The first minute's lag (the connections are opened by it), ms. */
  readonly firstTickMs: number;
  /** Lag of every later minute: the minute boundary to the last row of both markets logged as fsynced. */
  readonly tickMs: readonly number[];
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** The same over the minutes after both first patrol rounds were done (the first minute left out). */
  readonly p50AfterPatrolMs: number;
  readonly p99AfterPatrolMs: number;
  readonly missedRows: number;
  /** From the start of the child to both markets' `patrol round 1:` line, ms. */
  readonly firstPatrolMs: number;
  /** Request weight charged by the simulator per whole real minute, mean and max over the minutes ticked. */
  readonly weightPerMinuteMean: number;
  readonly weightPerMinuteMax: number;
  readonly weightBudgetPercentMax: number;
  readonly requests: number;
  readonly historyRequests: number;
  readonly http429: number;
  /** VmRSS of the child sampled every 500 ms: peak until the first patrol was done, max after it. */
  readonly rssPeakDuringPatrolBytes: number;
  readonly rssMaxAfterPatrolBytes: number;
  readonly rssLastBytes: number;
  /** The child's own high-water mark and CPU time. */
  readonly maxRssBytes: number;
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly loadBefore: number;
  readonly loadAfter: number;
}

/** The VmRSS of a process from /proc, bytes; 0 once it is gone. */
function residentBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? 0 : Number(match[1]) * 1024;
  } catch {
    return 0;
  }
}

/**
 * The real CLI, `oi collect --market all --symbols all` (default `--source auto`), as a measured child
 * process on the real clock against the simulator in a worker thread (30 +- 10 ms latency) that serves
 * both markets and the archive. The first patrol round (30 days of 5m for every symbol, from the
 * archive and the history API) runs beside the live ticks; the run is stopped once both markets'
 * first rounds are done and `ticksAfterPatrol` more minutes have been ticked.
 */
export async function benchCollectUniverse(options: CollectUniverseOptions): Promise<CollectUniverseResult> {
  const sim = await startSimWorker({
    seed: 23,
    extraSymbols: options.usdMSymbols,
    coinMExtraSymbols: options.coinMSymbols,
    latency: REALISTIC_LATENCY,
  });
  const workDir = await mkdtemp(join(tmpdir(), 'oi-bench-universe-'));
  const loadBefore = loadavg()[0] ?? 0;
  const startedMs = Date.now();
  const child = spawnMeasured({
    script: OI_CLI,
    args: [
      'collect',
      '--market',
      'all',
      '--symbols',
      'all',
      '--data-dir',
      join(workDir, 'data'),
      '--hours',
      `${Math.ceil(options.maxWallMs / MINUTE_MS) + 1}m`,
      '--log-level',
      'info',
      '--yes',
      '--no-resume',
      ...['--fapi-url', '--dapi-url', '--archive-url'].flatMap((flag) => [flag, sim.url]),
    ],
    cwd: workDir,
    // Its own budget ledger: the run must neither wait for nor charge the host's real one.
    env: { OI_BUDGET_DIR: join(workDir, 'budgets') },
  });
  const pid = child.process.pid ?? 0;
  const ticks = new Map<number, TickDoneLine[]>();
  const patrolDone = new Map<string, number>();
  let patrolDoneMs: number | undefined;
  const rss: { atMs: number; bytes: number }[] = [];
  const minutes: { minuteMs: number; counts: Promise<SimCounts> }[] = [];
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    child.process.kill('SIGTERM');
  };
  const ticksAfterPatrol = (): number =>
    patrolDoneMs === undefined
      ? 0
      : [...ticks].filter(([minuteMs, lines]) => minuteMs > patrolDoneMs! && lines.length === 2).length;
  let pending = '';
  child.process.stderr?.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const parsed = parseCollectorLine(line);
      if (parsed?.type === 'tick')
        ticks.set(parsed.minuteMs, [...(ticks.get(parsed.minuteMs) ?? []), parsed]);
      if (parsed?.type === 'patrol' && parsed.round === 1) {
        patrolDone.set(parsed.market, parsed.atMs);
        if (patrolDone.size === 2) patrolDoneMs = Math.max(...patrolDone.values());
      }
    }
    if (ticksAfterPatrol() >= options.ticksAfterPatrol) stop();
  });
  const sampler = setInterval(() => rss.push({ atMs: Date.now(), bytes: residentBytes(pid) }), RSS_SAMPLE_MS);
  // The simulator's request log, taken at every real minute boundary: weight per minute.
  await sim.takeCounts();
  let minuteTimer: NodeJS.Timeout | undefined;
  const everyMinute = (): void => {
    const nowMs = Date.now();
    minutes.push({
      minuteMs: Math.floor(nowMs / MINUTE_MS) * MINUTE_MS - MINUTE_MS,
      counts: sim.takeCounts(),
    });
    minuteTimer = setTimeout(everyMinute, MINUTE_MS - (Date.now() % MINUTE_MS));
  };
  minuteTimer = setTimeout(everyMinute, MINUTE_MS - (Date.now() % MINUTE_MS));
  const deadline = setTimeout(stop, options.maxWallMs);
  let usage: Awaited<typeof child.done>;
  let perMinute: { minuteMs: number; counts: SimCounts }[];
  try {
    usage = await child.done;
    perMinute = await Promise.all(
      minutes.map(async (m) => ({ minuteMs: m.minuteMs, counts: await m.counts })),
    );
  } finally {
    clearInterval(sampler);
    clearTimeout(minuteTimer);
    clearTimeout(deadline);
    await sim.close();
    await rm(workDir, { recursive: true, force: true });
  }
  const loadAfter = loadavg()[0] ?? 0;
  // SIGTERM ends a collector with 143 after saving its journal; anything else is a failure.
  if (usage.exitCode !== 0 && usage.exitCode !== 143) {
    throw new Error(`oi collect exited with ${usage.exitCode}: ${usage.stderr.trim().slice(-2000)}`);
  }
  const whole = [...ticks].filter(([, lines]) => lines.length === 2).sort(([a], [b]) => a - b);
  if (whole.length < 2) throw new Error(`too few ticks of both markets: ${usage.stderr.trim().slice(-2000)}`);
  const lagOf = ([minuteMs, lines]: (typeof whole)[number]): number =>
    Math.max(...lines.map((line) => line.atMs)) - minuteMs;
  const lags = whole.slice(1).map(lagOf);
  const doneMs = patrolDoneMs ?? Number.POSITIVE_INFINITY;
  const lagsAfter = whole
    .slice(1)
    .filter(([minuteMs]) => minuteMs > doneMs)
    .map(lagOf);
  const rowsOf = (lines: readonly TickDoneLine[]): number => lines.reduce((sum, line) => sum + line.rows, 0);
  const liveSymbols = rowsOf(whole.at(-1)![1]);
  const ticked = perMinute.filter((m) => m.minuteMs >= whole[0]![0] && m.minuteMs <= whole.at(-1)![0]);
  const weights = ticked.map((m) => m.counts.weight);
  const sum = (pick: (counts: SimCounts) => number): number =>
    perMinute.reduce((total, m) => total + pick(m.counts), 0);
  const maxBytes = (samples: readonly { bytes: number }[]): number =>
    samples.reduce((max, sample) => Math.max(max, sample.bytes), 0);
  return {
    liveSymbols,
    ticks: whole.length,
    ticksDuringPatrol: whole.filter(([minuteMs]) => minuteMs < doneMs).length,
    firstTickMs: round(lagOf(whole[0]!)),
    tickMs: lags.map((lag) => round(lag)),
    p50Ms: round(percentile(lags, 0.5)),
    p99Ms: round(percentile(lags, 0.99)),
    maxMs: round(Math.max(...lags)),
    p50AfterPatrolMs: round(percentile(lagsAfter, 0.5)),
    p99AfterPatrolMs: round(percentile(lagsAfter, 0.99)),
    missedRows: whole.reduce((total, [, lines]) => total + lines.reduce((n, line) => n + line.failed, 0), 0),
    firstPatrolMs: patrolDoneMs === undefined ? Number.NaN : patrolDoneMs - startedMs,
    weightPerMinuteMean: round(weights.reduce((a, b) => a + b, 0) / Math.max(1, weights.length)),
    weightPerMinuteMax: Math.max(0, ...weights),
    weightBudgetPercentMax: round((100 * Math.max(0, ...weights)) / WEIGHT_BUDGET, 1),
    requests: sum((counts) => counts.requests),
    historyRequests: sum((counts) => counts.historyRequests),
    http429: sum((counts) => counts.byStatus['429'] ?? 0),
    rssPeakDuringPatrolBytes: maxBytes(rss.filter((sample) => sample.atMs <= doneMs)),
    rssMaxAfterPatrolBytes: maxBytes(rss.filter((sample) => sample.atMs > doneMs && sample.bytes > 0)),
    rssLastBytes: rss.filter((sample) => sample.bytes > 0).at(-1)?.bytes ?? 0,
    maxRssBytes: usage.maxRssBytes,
    cpuMs: round(usage.userCpuMs + usage.systemCpuMs),
    wallMs: round(usage.wallMs),
    loadBefore: round(loadBefore, 1),
    loadAfter: round(loadAfter, 1),
  };
}

/** The table row: p99 lag < 500 ms, weight < 40% of 2400/min, RSS after the first patrol < 200 MB. */
export function collectUniverseRow(result: CollectUniverseResult): BenchRow {
  const { tickMs: _tickMs, ...figures } = result;
  const patrolMet = Number.isFinite(result.firstPatrolMs);
  return {
    benchmark: 'oi collect, both markets',
    size: `${result.liveSymbols} live symbols, ${result.ticks} ticks (${result.ticksDuringPatrol} beside the first patrol)`,
    figures,
    summary:
      `lag p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms (first ${result.firstTickMs} ms; after the patrol p50 ${result.p50AfterPatrolMs} ms, p99 ${result.p99AfterPatrolMs} ms), ` +
      `${result.missedRows} missed; ` +
      `weight max ${result.weightPerMinuteMax}/min (${result.weightBudgetPercentMax}%); ` +
      `first patrol ${round(result.firstPatrolMs / 1000)} s, RSS peak ${megabytes(result.rssPeakDuringPatrolBytes)} MB during it, ` +
      `max ${megabytes(result.rssMaxAfterPatrolBytes)} MB after; CPU ${round(result.cpuMs / 1000)} s; load ${result.loadBefore}-${result.loadAfter}`,
    target: 'p99 < 500 ms, weight < 40%, RSS after patrol < 200 MB',
    met:
      patrolMet &&
      result.p99Ms < 500 &&
      result.weightBudgetPercentMax < 40 &&
      result.rssMaxAfterPatrolBytes < 200e6 &&
      result.missedRows === 0,
  };
}
