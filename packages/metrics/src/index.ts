// Public API of @oi/metrics: the collector's Prometheus metrics, fed by forwarding the engine's and
// the client's events, and the HTTP server of /metrics and /healthz. Left out on purpose: the metric
// definitions and the event mapping, which the README documents by metric name.
export {
  type CollectorMetrics,
  type CollectorMetricsOptions,
  createCollectorMetrics,
  type SinkLag,
} from './collector-metrics.ts';
export { MetricsServerError, type MetricsServerErrorCode } from './errors.ts';
export type {
  BudgetSnapshotShape,
  BudgetSnapshotSource,
  ClientEventInput,
  ClientEventShapes,
  RateBudgetSnapshotShape,
} from './events/client-event-shapes.ts';
export type {
  CollectorEventInput,
  CollectorEventShapes,
  GapShape,
} from './events/collector-event-shapes.ts';
export {
  evaluateHealth,
  type HealthReport,
  type HealthRules,
  type HealthState,
} from './health/evaluate-health.ts';
export {
  type MetricsServer,
  type MetricsServerOptions,
  startMetricsServer,
} from './server/metrics-server.ts';
