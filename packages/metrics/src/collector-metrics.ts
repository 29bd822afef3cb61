import { collectDefaultMetrics, Registry } from 'prom-client';
import type { BudgetSnapshotSource, ClientEventInput } from './events/client-event-shapes.ts';
import type { CollectorEventInput, GapShape } from './events/collector-event-shapes.ts';
import { observeClientEvent, showBudgetSnapshot } from './events/observe-client-event.ts';
import { observeCollectorEvent, replaceOpenGaps } from './events/observe-collector-event.ts';
import { evaluateHealth, type HealthReport, type HealthRules } from './health/evaluate-health.ts';
import { createMetricSet } from './registry/metric-set.ts';
import type { CollectorState, ObserverContext } from './registry/observer-context.ts';

/** Options of {@link createCollectorMetrics}. */
export interface CollectorMetricsOptions {
  /** Local time for the health rules and the tick lag; `Clock` of @oi/retry fits. @default Date.now */
  readonly clock?: { now(): number };
  /** Read at each scrape for the budget gauges; pass the client's `budgets`. */
  readonly budgets?: BudgetSnapshotSource;
  /** Also expose Node's process metrics (`process_*`, `nodejs_*`). @default true */
  readonly processMetrics?: boolean;
}

/** How far the database sink is behind the day files for one series. */
export interface SinkLag {
  /** Rows in the files not yet in the sink. */
  readonly rows: number;
  /** How long the oldest of them has waited, ms (0 when `rows` is 0). */
  readonly lagMs: number;
}

/** The collector's metrics: fed by its events, read by `/metrics` and `/healthz`. */
export interface CollectorMetrics {
  /** The prom-client registry holding every metric; a caller may register its own metrics here. */
  readonly registry: Registry;
  /** The Content-Type of {@link CollectorMetrics.render}'s text. */
  readonly contentType: string;
  /** Counts one event of the collector (`CollectorEvent` of @oi/recovery); other types are ignored. */
  observeCollectorEvent(event: CollectorEventInput): void;
  /** Counts one event of the client (`ClientEvent` of @oi/client); other types are ignored. */
  observeClientEvent(event: ClientEventInput): void;
  /** Counts rows written by a path that sends no event with them (e.g. an archive import). */
  addRowsWritten(series: string, source: string, rows: number): void;
  /** Sets a series' sink lag; the sink integration calls it after each write and each catch-up. */
  setSinkLag(series: string, lag: SinkLag): void;
  /** Replaces the open-gap gauge, e.g. from a gap scan's report (each gap's series, reason, slots). */
  setOpenGaps(gaps: readonly GapShape[]): void;
  /** The Prometheus text exposition of every metric, budgets read afresh. */
  render(): Promise<string>;
  /** Applies the health rules now. */
  checkHealth(rules?: HealthRules): HealthReport;
}

/** Creates the collector's metrics in a registry of their own. */
export function createCollectorMetrics(options: CollectorMetricsOptions = {}): CollectorMetrics {
  const clock = options.clock ?? { now: () => Date.now() };
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const state: CollectorState = {
    startedAtMs: clock.now(),
    historyOnly: false,
    lastSuccessfulTickAtMs: undefined,
    lastPatrolActivityAtMs: undefined,
    serverOffsetMs: 0,
    sinkLagMs: new Map(),
  };
  const context: ObserverContext = { set: createMetricSet(registry), state, now: () => clock.now() };

  return {
    registry,
    contentType: registry.contentType,
    observeCollectorEvent: (event) => observeCollectorEvent(context, event),
    observeClientEvent: (event) => observeClientEvent(context, event),
    addRowsWritten: (series, source, rows) => {
      if (Number.isFinite(rows) && rows > 0) context.set.rowsWritten.inc({ series, source }, rows);
    },
    setSinkLag: (series, lag) => {
      state.sinkLagMs.set(series, lag.lagMs);
      context.set.sinkLagRows.set({ series }, lag.rows);
      context.set.sinkLag.set({ series }, lag.lagMs / 1000);
    },
    setOpenGaps: (gaps) => replaceOpenGaps(context, gaps),
    render: async () => {
      if (options.budgets !== undefined) showBudgetSnapshot(context, options.budgets.snapshot());
      return registry.metrics();
    },
    checkHealth: (rules = {}) => evaluateHealth(state, rules, clock.now()),
  };
}
