import type { ChildProcess } from 'node:child_process';
import {
  createScaledClock,
  DEFAULT_SYMBOLS,
  type SimClock,
  type Simulator,
  startSimulator,
} from '@oi/binance-sim';
import { multiplyDecimals } from '@oi/recovery';
import { validateFiles } from '@oi/storage';
import { type OiRun, runOi, seededRandom } from '@oi/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type CollectLog,
  parseCollectLog,
  readStoredMinutes,
  readTickFailures,
} from './test-support/live-minutes.ts';
import { expectExactHistory } from './test-support/verify-history.ts';
import { createWorkDir, type WorkDir } from './test-support/work-dir.ts';

// The real `oi collect` and `oi backfill` (apps/cli/src/main.ts as a child process), SIGKILLed at
// seeded random moments and restarted, against a simulator with faults on: 5 kills each by default,
// 50 with OI_TEST_FULL=1. The CLI and the simulator share one scaled clock through the OI_TEST_CLOCK
// test hook: at speed 60 a virtual minute lasts one real second, for both, across every restart.
//
// When a 1m minute M (the slot [M, M + 60 s)) can be stored, and so what "every 1m gap equals the
// downtime" means here. Times are virtual; for run i, spawn_i is read just before the spawn, end_i just
// after kill() returned (or when a clean run exited), and tick_i is the minute of the run's first
// `tick` log line. The ticker's first tick is the first whole minute after it is ready (exchangeInfo,
// the journal and the stored coverage read), so tick_i > spawn_i, and a minute is only ever written by
// the tick of that minute, from the answer the exchange stamped inside it.
//
//   - downtime: no run alive at M (no i with spawn_i <= M <= end_i): the row must be absent.
//   - start-up boundary: spawn_i <= M < tick_i: the process was alive but its ticker did not see the
//     boundary (still starting): the row must be absent too (so present rows need tick_i <= M <= end_i).
//   - kill boundary: M <= end_i < M + 60 s: the tick of the killed minute may or may not have written
//     its row before the kill; either is right, and a present row must be exact.
//   - lived: tick_i <= M and M + 60 s <= end_i (the run saw the boundary and outlived the minute): the
//     row must be present and exact, unless the minute was lost to a fault and recorded as such: the
//     symbol is in that tick's failed_symbols in the batch summary (failed or late request), or a logged
//     `missed-tick` gap covers M. One more boundary case: a tick whose request failed runs until the end
//     of its minute before it records the gap, so a kill within CUT_SLACK_MS after M + 60 s can take the
//     record with it; such a minute is counted as cut by the kill.
//   - every present row is exact: exchangeTime inside its minute, openInterest equal to
//     `sim.truth.openInterestAt(symbol, exchangeTime)`, and the value the exact product OI x markPrice.
//   - at each restart, the collector must log a `collector-down` gap from the minute after each symbol's
//     last stored row up to tick_i: the downtime it reports is exactly the minutes it did not store.

const FULL = process.env['OI_TEST_FULL'] === '1';
const KILLS = FULL ? 50 : 5;
const SPEED = 60;
const MINUTE_MS = 60_000;
const FIVE_MINUTES_MS = 300_000;
const DAY_MS = 86_400_000;
const CUT_SLACK_MS = 5_000;
/** The log line `oi backfill` writes when it starts fetching. */
const WORK_STARTED = /backfill(?: \(\w+\))?: \d+ 5m slots to fetch/;
/** The log line of a patrol round that ran to its end (an interrupted one says so). */
const PATROL_ROUND_DONE = /patrol round \d+: \d+ missing 5m slots/;
/** Virtual start: a fixed instant, so series values and days are the same on every run. */
const ORIGIN_MS = Date.UTC(2026, 0, 15, 12, 0, 30);
const FAULTS = {
  rate: 0.08,
  kinds: { reset: 3, http500: 2, unavailable503: 2, truncated: 2, latency: 1, stall: 0.5 },
  maxLatencyMs: 5_000,
} as const;

const sleepReal = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const floorTo = (ms: number, unitMs: number) => Math.floor(ms / unitMs) * unitMs;
const ceilTo = (ms: number, unitMs: number) => Math.ceil(ms / unitMs) * unitMs;
const dayKey = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** One run of `oi`, with its life on the shared virtual clock. */
interface ChaosRun {
  readonly spawnMs: number;
  /** Just after kill() returned, or when a run that was not killed exited. */
  readonly endMs: number;
  readonly killed: boolean;
  readonly result: OiRun;
}

/**
 * When {@link runChaos} stops the run: real ms after the spawn, or after a stderr line (work has
 * begun, or a patrol round is done), with SIGKILL unless `signal` says otherwise.
 */
type KillMoment = {
  readonly afterRealMs: number;
  readonly afterLine?: RegExp;
  readonly signal?: NodeJS.Signals;
};

/** Runs `oi <args>` and SIGKILLs it at `kill` (never, when undefined) unless it exits first. */
async function runChaos(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string>; clock: SimClock; kill?: KillMoment },
): Promise<ChaosRun> {
  let child: ChildProcess | undefined;
  let sawLine: () => void = () => {};
  const lineSeen = new Promise<void>((resolve) => {
    sawLine = resolve;
  });
  let stderr = '';
  const spawnMs = options.clock.now();
  const done = runOi(args, {
    cwd: options.cwd,
    env: options.env,
    timeoutMs: 120_000,
    onSpawn: (spawned) => {
      child = spawned;
      spawned.stderr?.on('data', (chunk: string) => {
        stderr += chunk;
        if (options.kill?.afterLine?.test(stderr) === true) sawLine();
      });
    },
  });
  let endMs: number | undefined;
  const { kill } = options;
  if (kill !== undefined) {
    const moment =
      kill.afterLine === undefined
        ? sleepReal(kill.afterRealMs)
        : lineSeen.then(() => sleepReal(kill.afterRealMs));
    const exitedFirst = await Promise.race([done.then(() => true), moment.then(() => false)]);
    if (!exitedFirst) {
      child?.kill(kill.signal ?? 'SIGKILL');
      endMs = options.clock.now();
    }
  }
  const result = await done;
  return {
    spawnMs,
    endMs: endMs ?? options.clock.now(),
    killed: result.signal === 'SIGKILL',
    result,
  };
}

let work: WorkDir;
beforeEach(async () => {
  work = await createWorkDir('oi-chaos-');
});
afterEach(async () => {
  await work.remove();
});

/** Starts a simulator on a fresh scaled clock and returns it with the matching OI_TEST_CLOCK. */
async function startScaledSimulator(
  seed: number,
  latency: { baseMs: number; jitterMs: number } = { baseMs: 30, jitterMs: 120 },
): Promise<{
  sim: Simulator;
  clock: SimClock;
  env: Record<string, string>;
}> {
  const realOriginMs = Date.now();
  const clock = createScaledClock({ originMs: ORIGIN_MS, realOriginMs, speed: SPEED });
  const sim = await startSimulator({ clock, seed, latency, faults: FAULTS });
  return { sim, clock, env: { OI_TEST_CLOCK: `${SPEED}:${ORIGIN_MS}:${realOriginMs}` } };
}

describe('chaos: oi collect and oi backfill SIGKILLed at random moments', () => {
  it(
    `${KILLS} kills and restarts of oi collect: 1m gaps equal the downtime, 5m complete and exact`,
    async () => {
      const { sim, clock, env } = await startScaledSimulator(31);
      const symbols = FULL
        ? ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'SOLUSDT', 'XRPUSDT']
        : ['BTCUSDT', 'ETHUSDT', 'BNBUSDT'];
      const base = [
        '-S',
        symbols.join(','),
        '--fapi-url',
        sim.url,
        // The API alone: this suite proves crash safety of the API path the expectations model.
        '--source',
        'api',
        '--data-dir',
        'data',
        '--log-level',
        'debug',
      ];
      const random = seededRandom(11);
      const runs: (ChaosRun & { log: CollectLog })[] = [];
      try {
        for (let kill = 0; kill < KILLS; kill++) {
          // Alive 3-6 virtual minutes (about one of them starting up), killed at any phase of a minute;
          // then down 1-3.5 minutes.
          const run = await runChaos(['collect', '--no-resume', ...base], {
            cwd: work.path,
            env,
            clock,
            kill: { afterRealMs: 3_000 + Math.floor(random() * 3_000) },
          });
          expect(run.killed, `collect exited by itself: ${run.result.stderr}`).toBe(true);
          runs.push({ ...run, log: parseCollectLog(run.result.stderr) });
          await sleepReal(((1 + random() * 2.5) * MINUTE_MS) / SPEED);
        }
        // A last run that lives until one patrol round has finished (however long a loaded machine
        // makes it), then is stopped by SIGTERM: that round fills the 5m window.
        const final = await runChaos(['collect', '--no-resume', ...base], {
          cwd: work.path,
          env,
          clock,
          kill: { afterRealMs: 1_000, afterLine: PATROL_ROUND_DONE, signal: 'SIGTERM' },
        });
        expect(final.result.code, final.result.stderr).toBe(0);
        expect(final.result.stderr).toMatch(PATROL_ROUND_DONE);
        runs.push({ ...final, log: parseCollectLog(final.result.stderr) });

        const validation = await validateFiles(`${work.path}/data`);
        expect(validation.issues).toEqual([]);

        const failures = await readTickFailures(`${work.path}/data`);
        const figures = {
          rowsChecked: 0,
          invented: 0,
          outsideAliveProcess: 0,
          outsideTicker: 0,
          lived: 0,
          lostToFaults: 0,
          cutByKill: 0,
          unexplained: [] as string[],
          downtimeMinutes: 0,
          startupMinutes: 0,
          killMinutesStored: 0,
          killMinutesMissing: 0,
          downGapsChecked: 0,
        };
        const firstMs = ceilTo(runs[0]?.spawnMs ?? 0, MINUTE_MS);
        const lastMs = floorTo(runs.at(-1)?.endMs ?? 0, MINUTE_MS);
        for (let minuteMs = firstMs; minuteMs <= lastMs; minuteMs += MINUTE_MS) {
          if (!runs.some((r) => r.spawnMs <= minuteMs && minuteMs <= r.endMs))
            figures.downtimeMinutes += symbols.length;
        }
        for (const run of runs) {
          const tickMs = run.log.firstTickMs;
          if (tickMs === undefined) continue;
          // The ticker never ticks a minute whose boundary came before its start.
          expect(tickMs).toBeGreaterThan(run.spawnMs);
          figures.startupMinutes += ((tickMs - ceilTo(run.spawnMs, MINUTE_MS)) / MINUTE_MS) * symbols.length;
        }

        for (const symbol of symbols) {
          const stored = await readStoredMinutes(`${work.path}/data`, symbol);
          expect({ symbol, duplicates: stored.duplicates, malformed: stored.malformed }).toEqual({
            symbol,
            duplicates: 0,
            malformed: 0,
          });
          for (const row of stored.rows.values()) {
            figures.rowsChecked += 1;
            const exact =
              row.exchangeTimeMs >= row.slotMs &&
              row.exchangeTimeMs < row.slotMs + MINUTE_MS &&
              row.openInterest === sim.truth.openInterestAt(symbol, row.exchangeTimeMs) &&
              row.openInterestValue ===
                (row.markPrice === '' ? '' : multiplyDecimals(row.openInterest, row.markPrice));
            if (!exact) figures.invented += 1;
            if (!runs.some((r) => r.spawnMs <= row.slotMs && row.slotMs <= r.endMs))
              figures.outsideAliveProcess += 1;
            if (
              !runs.some(
                (r) =>
                  r.log.firstTickMs !== undefined && r.log.firstTickMs <= row.slotMs && row.slotMs <= r.endMs,
              )
            )
              figures.outsideTicker += 1;
          }
          for (const run of runs) {
            const tickMs = run.log.firstTickMs;
            if (tickMs === undefined) continue;
            const missedTicks = run.log.gaps.filter((gap) => gap.reason === 'missed-tick');
            for (let minuteMs = tickMs; minuteMs + MINUTE_MS <= run.endMs; minuteMs += MINUTE_MS) {
              figures.lived += 1;
              if (stored.rows.has(minuteMs)) continue;
              const recorded =
                failures.get(minuteMs)?.has(symbol) === true ||
                missedTicks.some((gap) => gap.startMs <= minuteMs && minuteMs < gap.endMs);
              if (recorded) figures.lostToFaults += 1;
              else if (minuteMs + MINUTE_MS + CUT_SLACK_MS > run.endMs) figures.cutByKill += 1;
              else figures.unexplained.push(`${symbol} ${new Date(minuteMs).toISOString()}`);
            }
            const killMinuteMs = floorTo(run.endMs, MINUTE_MS);
            if (run.killed && killMinuteMs >= tickMs) {
              if (stored.rows.has(killMinuteMs)) figures.killMinutesStored += 1;
              else figures.killMinutesMissing += 1;
            }
          }
        }
        // At each restart the collector reports, per symbol, the minutes since its last stored row.
        for (const [index, run] of runs.entries()) {
          const tickMs = run.log.firstTickMs;
          if (index === 0 || tickMs === undefined) continue;
          const expected = new Map<number, number>();
          for (const symbol of symbols) {
            const stored = await readStoredMinutes(`${work.path}/data`, symbol);
            const before = [...stored.rows.keys()].filter((slot) => slot < run.spawnMs);
            if (before.length === 0) continue;
            const startMs = Math.max(...before) + MINUTE_MS;
            if (startMs < tickMs) expected.set(startMs, (expected.get(startMs) ?? 0) + 1);
          }
          const logged = new Map<number, number>();
          for (const gap of run.log.gaps.filter((g) => g.reason === 'collector-down')) {
            expect(gap.endMs).toBe(tickMs);
            logged.set(gap.startMs, (logged.get(gap.startMs) ?? 0) + gap.symbols);
          }
          expect({ run: index, logged: [...logged] }).toEqual({ run: index, logged: [...expected] });
          figures.downGapsChecked += logged.size;
        }

        const faulted = sim.requests().filter((request) => request.fault !== undefined);
        const report = {
          kills: KILLS,
          symbols: symbols.length,
          virtualMinutes: Math.round(((runs.at(-1)?.endMs ?? 0) - (runs[0]?.spawnMs ?? 0)) / MINUTE_MS),
          requests: sim.requests().length,
          faulted: faulted.length,
          faultedLive: faulted.filter((r) => r.path === '/fapi/v1/openInterest').length,
          ...figures,
          unexplained: figures.unexplained.length,
        };
        process.stdout.write(`chaos collect: ${JSON.stringify(report)}\n`);
        expect(figures.invented).toBe(0);
        expect(figures.outsideAliveProcess).toBe(0);
        expect(figures.outsideTicker).toBe(0);
        expect(figures.unexplained).toEqual([]);
        // Faults cost some minutes, never most of them: the check above is not vacuous.
        expect(figures.rowsChecked).toBeGreaterThan(figures.lived / 2);
        expect(figures.downtimeMinutes).toBeGreaterThan(0);

        // 5m: the final patrol round covered the API window as it stood when that run started.
        const finalRun = runs.at(-1);
        const startMs =
          ceilTo((finalRun?.endMs ?? 0) - 30 * DAY_MS + 3_600_000, FIVE_MINUTES_MS) + FIVE_MINUTES_MS;
        const endMs = floorTo((finalRun?.spawnMs ?? 0) - 6_000, FIVE_MINUTES_MS);
        for (const symbol of symbols) {
          const stored = await expectExactHistory(`${work.path}/data`, sim, symbol, startMs, endMs);
          expect(stored).toBeGreaterThan(8_000);
        }
      } finally {
        await sim.close();
      }
    },
    FULL ? 1_200_000 : 120_000,
  );

  it(
    `${KILLS} kills and restarts of oi backfill lose and duplicate nothing`,
    async () => {
      // Slower answers than the collector's simulator (10-25 real ms) so that a run takes long enough to
      // be killed at many points of its work.
      const { sim, clock, env } = await startScaledSimulator(29, { baseMs: 600, jitterMs: 900 });
      const symbols = DEFAULT_SYMBOLS.slice(0, FULL ? 15 : 5);
      const lastDayMs = floorTo(ORIGIN_MS, DAY_MS) - DAY_MS;
      const firstDayMs = lastDayMs - 27 * DAY_MS;
      const base = [
        'backfill',
        '-S',
        symbols.join(','),
        '--from',
        dayKey(firstDayMs),
        '--to',
        dayKey(lastDayMs),
        '--fapi-url',
        sim.url,
        // The API alone: this suite proves crash safety of the API path the expectations model.
        '--source',
        'api',
        '--data-dir',
        'data',
      ];
      const random = seededRandom(7);
      try {
        let killedMidWork = 0;
        for (let kill = 0; kill < KILLS; kill++) {
          // Restarts alternate between resuming the interrupted tasks and leaving them for a new one.
          const run = await runChaos([...base, kill % 2 === 0 ? '--no-resume' : '--resume'], {
            cwd: work.path,
            env,
            clock,
            // A random moment within the first few hundred real ms of the fetching, so that most runs die
            // mid-work and the rest is left to the restarts.
            kill: { afterLine: WORK_STARTED, afterRealMs: Math.floor(random() * (FULL ? 120 : 300)) },
          });
          if (run.killed) {
            if (WORK_STARTED.test(run.result.stderr)) killedMidWork += 1;
          } else expect([0, 3], run.result.stderr).toContain(run.result.code);
        }
        expect(killedMidWork).toBeGreaterThanOrEqual(Math.ceil(KILLS / 2));
        const final = await runChaos([...base, '--resume'], { cwd: work.path, env, clock });
        expect([0, 3], final.result.stderr).toContain(final.result.code);
        expect((await validateFiles(`${work.path}/data`)).issues).toEqual([]);
        let rows = 0;
        for (const symbol of symbols) {
          const stored = await expectExactHistory(
            `${work.path}/data`,
            sim,
            symbol,
            firstDayMs,
            lastDayMs + DAY_MS,
          );
          rows += stored;
        }
        expect(rows).toBe(symbols.length * ((lastDayMs + DAY_MS - firstDayMs) / FIVE_MINUTES_MS));
        process.stdout.write(
          `chaos backfill: ${JSON.stringify({ kills: KILLS, killedMidWork, symbols: symbols.length, rows })}\n`,
        );
      } finally {
        await sim.close();
      }
    },
    FULL ? 900_000 : 120_000,
  );
});
