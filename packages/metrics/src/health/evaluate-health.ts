/** What the health rules look at; the collector metrics keep it up to date from the events. */
export interface HealthState {
  /** When the metrics were created or the collector last started, local epoch ms. */
  readonly startedAtMs: number;
  /** The collector runs the 5m patrol only (no live ticks to expect). */
  readonly historyOnly: boolean;
  /** When the last successful tick finished, local epoch ms. */
  readonly lastSuccessfulTickAtMs: number | undefined;
  /** When the patrol last started or finished a round or made progress, local epoch ms. */
  readonly lastPatrolActivityAtMs: number | undefined;
  /** The database sink's lag per series, ms; empty when there is no sink. */
  readonly sinkLagMs: ReadonlyMap<string, number>;
}

/** Thresholds of the health check. */
export interface HealthRules {
  /**
   * The last successful tick may be at most this old (before the first, the start): two minutes,
   * so one missed tick is tolerated, plus 30 s for a tick's lag within its minute.
   * @default 150_000
   */
  readonly maxTickAgeMs?: number;
  /**
   * With `--history-only`, the patrol must have shown activity (a round started, progressed or
   * finished) within this long.
   * @default 900_000
   */
  readonly maxPatrolIdleMs?: number;
  /**
   * Each series' sink lag must stay under this; a sink that is down for longer turns the check red
   * (collection goes on, and the files catch the sink up once it is back).
   * @default 300_000
   */
  readonly maxSinkLagMs?: number;
}

/** The answer of the health check, as `/healthz` sends it. */
export interface HealthReport {
  /** True while every rule holds. */
  readonly ok: boolean;
  /** Why not, one line per broken rule joined by `; `, e.g. `no successful tick for 183 s (limit 150 s)`. */
  readonly reason?: string;
  /** Seconds since the last successful tick, or null before the first. */
  readonly lastTickAgeSeconds: number | null;
  /** The largest sink lag over the series, seconds, or null without a sink. */
  readonly sinkLagSeconds: number | null;
}

const DEFAULT_MAX_TICK_AGE_MS = 150_000;
const DEFAULT_MAX_PATROL_IDLE_MS = 900_000;
const DEFAULT_MAX_SINK_LAG_MS = 300_000;

const seconds = (ms: number): number => Math.floor(ms / 1000);

/** Applies the health rules to a state at `nowMs`. */
export function evaluateHealth(state: HealthState, rules: HealthRules, nowMs: number): HealthReport {
  const problems: string[] = [];
  const maxTickAgeMs = rules.maxTickAgeMs ?? DEFAULT_MAX_TICK_AGE_MS;
  const maxPatrolIdleMs = rules.maxPatrolIdleMs ?? DEFAULT_MAX_PATROL_IDLE_MS;
  const maxSinkLagMs = rules.maxSinkLagMs ?? DEFAULT_MAX_SINK_LAG_MS;

  if (state.historyOnly) {
    const idleMs = nowMs - (state.lastPatrolActivityAtMs ?? state.startedAtMs);
    if (idleMs > maxPatrolIdleMs) {
      problems.push(`no patrol activity for ${seconds(idleMs)} s (limit ${seconds(maxPatrolIdleMs)} s)`);
    }
  } else {
    const tickAgeMs = nowMs - (state.lastSuccessfulTickAtMs ?? state.startedAtMs);
    if (tickAgeMs > maxTickAgeMs) {
      problems.push(`no successful tick for ${seconds(tickAgeMs)} s (limit ${seconds(maxTickAgeMs)} s)`);
    }
  }

  let sinkLagMs: number | null = null;
  for (const [series, lagMs] of [...state.sinkLagMs].sort(([a], [b]) => a.localeCompare(b))) {
    sinkLagMs = Math.max(sinkLagMs ?? 0, lagMs);
    if (lagMs > maxSinkLagMs) {
      problems.push(
        `sink ${series} lags ${seconds(lagMs)} s behind the files (limit ${seconds(maxSinkLagMs)} s)`,
      );
    }
  }

  const lastTickAgeSeconds =
    state.lastSuccessfulTickAtMs === undefined ? null : seconds(nowMs - state.lastSuccessfulTickAtMs);
  const sinkLagSeconds = sinkLagMs === null ? null : seconds(sinkLagMs);
  return problems.length === 0
    ? { ok: true, lastTickAgeSeconds, sinkLagSeconds }
    : { ok: false, reason: problems.join('; '), lastTickAgeSeconds, sinkLagSeconds };
}
