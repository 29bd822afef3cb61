import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBinanceClient } from '@oi/client';
import { type CollectorEvent, runLiveTicks } from '@oi/recovery';
import { openStore } from '@oi/storage';
import { type BenchRow, round } from './bench-row.ts';
import { createJumpClock } from './jump-clock.ts';
import { percentile } from './percentile.ts';
import { REALISTIC_LATENCY } from './realistic-latency.ts';
import type { SimCounts } from './sim-worker-protocol.ts';
import { startSimWorker } from './start-sim-worker.ts';

const MINUTE_MS = 60_000;
/** How long before each boundary the clock lands after a jump: the tick starts from a real wait. */
const LEAD_MS = 250;

/** Options of {@link benchLiveTick}. */
export interface LiveTickOptions {
  readonly symbols: number;
  /** Measured ticks, after one warm-up tick that opens the connections. */
  readonly ticks: number;
}

/** Figures of one live-tick run. */
export interface LiveTickResult {
  readonly symbols: number;
  readonly ticks: number;
  /** Boundary to last row durable, per measured tick, ms. */
  readonly tickMs: readonly number[];
  /** The warm-up tick, which also opens every connection, ms. */
  readonly coldTickMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requestsPerTick: number;
  readonly weightPerTick: number;
  readonly rowsPerTick: number;
  readonly failuresPerTick: number;
}

/**
 * Live ticks of `runLiveTicks` against the simulator (30 +- 10 ms latency, in a worker thread) with a
 * real store in a temporary directory. Everything runs in real time; only the idle wait between ticks is skipped by
 * jumping the shared clock to just before the next minute, so each tick is measured as in production:
 * from the minute boundary to the moment the last row is fsynced (the `tick-done` event).
 */
export async function benchLiveTick(options: LiveTickOptions): Promise<LiveTickResult> {
  const clock = createJumpClock(Date.UTC(2026, 0, 15, 12, 0, 59));
  const sim = await startSimWorker(
    { seed: 11, extraSymbols: options.symbols, latency: REALISTIC_LATENCY },
    clock.offsetBuffer,
  );
  const dataDir = await mkdtemp(join(tmpdir(), 'oi-bench-live-'));
  const store = await openStore({ dataDir, now: () => clock.now() });
  const client = createBinanceClient({ baseUrl: sim.url, clock });
  const symbols = sim.extraSymbols;
  const stop = new AbortController();
  const done: Extract<CollectorEvent, { type: 'tick-done' }>[] = [];
  const tickMs: number[] = [];
  const counts: Promise<SimCounts>[] = [];
  const onEvent = (event: CollectorEvent): void => {
    if (event.type !== 'tick-done') return;
    const elapsedMs = clock.now() - event.minuteMs;
    done.push(event);
    tickMs.push(elapsedMs);
    counts.push(sim.takeCounts());
    if (done.length > options.ticks) stop.abort(new Error('enough ticks'));
    else clock.jumpTo(event.minuteMs + MINUTE_MS - LEAD_MS);
  };
  let perTick: SimCounts[];
  try {
    await runLiveTicks({ client, store, dataDir, symbols, clock, signal: stop.signal, onEvent });
    perTick = (await Promise.all(counts)).slice(1);
  } finally {
    await store.close();
    await sim.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  const measured = tickMs.slice(1);
  const mean = (values: readonly number[]): number =>
    values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  return {
    symbols: symbols.length,
    ticks: measured.length,
    tickMs: measured.map((value) => round(value)),
    coldTickMs: round(tickMs[0] ?? Number.NaN),
    p50Ms: round(percentile(measured, 0.5)),
    p99Ms: round(percentile(measured, 0.99)),
    requestsPerTick: round(mean(perTick.map((tick) => tick.requests)), 1),
    weightPerTick: round(mean(perTick.map((tick) => tick.weight)), 1),
    rowsPerTick: round(mean(done.slice(1).map((event) => event.rows)), 1),
    failuresPerTick: round(mean(done.slice(1).map((event) => event.failures)), 1),
  };
}

/** The table row of a live-tick run; the target applies at 500 symbols. */
export function liveTickRow(result: LiveTickResult): BenchRow {
  const targeted = result.symbols >= 500;
  return {
    benchmark: 'live tick',
    size: `${result.symbols} symbols, ${result.ticks} ticks`,
    figures: {
      p50Ms: result.p50Ms,
      p99Ms: result.p99Ms,
      coldTickMs: result.coldTickMs,
      requestsPerTick: result.requestsPerTick,
      weightPerTick: result.weightPerTick,
      rowsPerTick: result.rowsPerTick,
      failuresPerTick: result.failuresPerTick,
    },
    summary:
      `p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms (cold ${result.coldTickMs} ms); ` +
      `${result.requestsPerTick} req, weight ${result.weightPerTick}, ${result.rowsPerTick} rows/tick`,
    target: targeted ? 'p99 < 1500 ms, every row' : '',
    met: targeted ? result.p99Ms < 1500 && result.rowsPerTick === result.symbols : undefined,
  };
}
