import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

// Every metric the collector exposes, in one place so the names, labels and help texts can be read
// (and documented in the README) together. Prometheus base units: seconds, epoch seconds.

/** Lag of a tick after its minute: a healthy tick ends within seconds, a late one near 60 s. */
const TICK_LAG_BUCKETS = [0.25, 0.5, 1, 2, 3, 5, 10, 15, 20, 30, 45, 60, 90];
/** One HTTP answer from Binance: tens of ms nearby, seconds through a slow proxy. */
const REQUEST_DURATION_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The prom-client metrics of one collector process, registered in one registry. */
export type MetricSet = ReturnType<typeof createMetricSet>;

/** Creates and registers every collector metric in `registry`. */
export function createMetricSet(registry: Registry) {
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers });
  const histogram = <L extends string>(
    name: string,
    help: string,
    buckets: readonly number[],
    labelNames: readonly L[] = [],
  ) => new Histogram<L>({ name, help, labelNames, buckets: [...buckets], registers });

  return {
    ticks: counter('oi_ticks_total', 'Live 1m ticks by outcome (ok, partial, failed, interrupted).', [
      'outcome',
    ]),
    tickSymbols: gauge('oi_tick_symbols', 'Symbols asked in the last live tick.'),
    rowsWritten: counter('oi_rows_written_total', 'Rows written to the day files, by series and source.', [
      'series',
      'source',
    ]),
    missedMinutes: counter(
      'oi_missed_minutes_total',
      'Symbol-minutes of the 1m series recorded as gaps, by reason.',
      ['reason'],
    ),
    lastTickLag: gauge(
      'oi_last_tick_lag_seconds',
      'How long after its minute began (exchange time) the last tick finished.',
    ),
    tickLag: histogram(
      'oi_tick_lag_seconds',
      'How long after its minute began (exchange time) each tick finished.',
      TICK_LAG_BUCKETS,
    ),
    lastTickMinute: gauge('oi_last_tick_minute_timestamp_seconds', 'The minute of the last finished tick.'),
    lastSuccessfulTick: gauge(
      'oi_last_successful_tick_timestamp_seconds',
      'When the last tick that wrote rows (or had nothing to fail) finished, local time.',
    ),
    markPriceMissing: counter(
      'oi_mark_price_missing_total',
      'Ticks written without mark prices (the premium index failed).',
    ),
    serverOffset: gauge('oi_server_offset_seconds', 'Exchange time minus local time, last measurement.'),
    serverOffsetFailures: counter('oi_server_offset_failures_total', 'Failed exchange time measurements.'),
    patrolRounds: counter(
      'oi_patrol_rounds_total',
      '5m history patrol rounds by outcome (done, interrupted).',
      ['outcome'],
    ),
    lastPatrolDuration: gauge('oi_last_patrol_duration_seconds', 'Duration of the last patrol round.'),
    lastPatrol: gauge('oi_last_patrol_timestamp_seconds', 'When the last patrol round finished, local time.'),
    openGapSlots: gauge(
      'oi_open_gap_slots',
      'Missing slots found by the last gap scan, by series and reason (fillable = planned for filling).',
      ['series', 'reason'],
    ),
    historyUnavailable: counter(
      'oi_history_unavailable_slots_total',
      '5m slots the history API could not serve, by reason.',
      ['reason'],
    ),
    backfillWindowFailures: counter(
      'oi_backfill_window_failures_total',
      'History windows that failed after retries.',
    ),
    symbolsDropped: counter('oi_symbols_dropped_total', 'Symbols left out for good, by reason.', ['reason']),
    batchSummaryFailures: counter(
      'oi_batch_summary_failures_total',
      'Batch summary rows that could not be written.',
    ),
    sinkLagRows: gauge('oi_sink_lag_rows', 'Rows in the day files not yet in the database sink, by series.', [
      'series',
    ]),
    sinkLag: gauge(
      'oi_sink_lag_seconds',
      'How long the oldest row not yet in the database sink has waited, by series.',
      ['series'],
    ),
    httpRequests: counter(
      'oi_http_requests_total',
      'Answers from Binance by endpoint (path) and HTTP status.',
      ['endpoint', 'status'],
    ),
    httpDuration: histogram(
      'oi_http_request_duration_seconds',
      'Time from sending a request to its complete answer, by endpoint.',
      REQUEST_DURATION_BUCKETS,
      ['endpoint'],
    ),
    httpRetries: counter('oi_http_retries_total', 'Requests tried again, by endpoint and reason.', [
      'endpoint',
      'reason',
    ]),
    rateLimited: counter('oi_rate_limited_total', '429 answers, by the budget that drew them.', ['budget']),
    bans: counter('oi_bans_total', '418 answers (IP bans).'),
    bannedUntil: gauge(
      'oi_banned_until_timestamp_seconds',
      'End of the current or last IP ban; 0 when none was seen.',
    ),
    rateWaits: counter('oi_rate_waits_total', 'Requests that waited for a budget, by budget and cause.', [
      'budget',
      'cause',
    ]),
    rateWaitSeconds: counter(
      'oi_rate_wait_seconds_total',
      'Expected waits for a budget, summed, by budget and cause.',
      ['budget', 'cause'],
    ),
    budgetUnits: counter('oi_budget_units_total', 'Budget units this process took, by budget.', ['budget']),
    budgetUsed: gauge('oi_budget_used', 'Units used in the current window by every process of the route.', [
      'budget',
    ]),
    budgetLimit: gauge('oi_budget_limit', 'Units allowed per window now, by budget.', ['budget']),
    budgetConfiguredLimit: gauge('oi_budget_configured_limit', 'Units per window as configured, by budget.', [
      'budget',
    ]),
    budgetLearnedLimit: gauge(
      'oi_budget_learned_limit',
      'The limit learned from 429s and 418s while below the configured one, by budget.',
      ['budget'],
    ),
  };
}
