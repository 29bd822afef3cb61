import type { ClientEvent, RateBudgetSnapshot } from '@oi/client';
import type { CollectorEvent } from '@oi/recovery';
import { describe, expect, it } from 'vitest';
import { createCollectorMetrics } from './collector-metrics.ts';
import { type MetricFamily, parseExposition, sampleValue } from './test-support/parse-exposition.ts';

const MINUTE = 1_700_000_040_000; // a whole minute
const range = { startMs: MINUTE - 180_000, endMs: MINUTE };

function virtualClock(startMs: number) {
  let nowMs = startMs;
  return {
    now: () => nowMs,
    set: (ms: number) => {
      nowMs = ms;
    },
  };
}

// Typed as the engine's and the client's own unions, so these are events they can really send.
const collectorEvents: readonly CollectorEvent[] = [
  { type: 'collector-start', taskId: 't1', symbols: ['BTCUSDT', 'ETHUSDT'], historyOnly: false },
  { type: 'server-offset', offsetMs: 250, rttMs: 40 },
  { type: 'server-offset-failed', error: new Error('time out') },
  { type: 'tick-start', minuteMs: MINUTE, symbols: 2 },
];
const tickOk: CollectorEvent = {
  type: 'tick-done',
  minuteMs: MINUTE,
  durationMs: 1_700,
  rows: 2,
  failures: 0,
  failedSymbols: [],
  markPriceMissing: false,
  weightUsed: 12,
  interrupted: false,
};
const laterEvents: readonly CollectorEvent[] = [
  {
    ...tickOk,
    minuteMs: MINUTE + 60_000,
    rows: 1,
    failures: 1,
    failedSymbols: ['ETHUSDT'],
    markPriceMissing: true,
  },
  { ...tickOk, minuteMs: MINUTE + 120_000, rows: 0, failures: 2, failedSymbols: ['BTCUSDT', 'ETHUSDT'] },
  { ...tickOk, minuteMs: MINUTE + 180_000, rows: 1, failures: 0, interrupted: true },
  {
    type: 'gap-recorded',
    series: '1m',
    symbols: ['BTCUSDT', 'ETHUSDT'],
    range,
    slots: 3,
    reason: 'collector-down',
  },
  {
    type: 'gap-recorded',
    series: '1m',
    symbols: ['ETHUSDT'],
    range: { startMs: MINUTE, endMs: MINUTE + 60_000 },
    slots: 1,
    reason: 'late-response',
  },
  { type: 'symbol-dropped', symbol: 'OLDUSDT', reason: 'not-tradable', detail: 'delisted' },
  { type: 'patrol-start', round: 1, range },
  { type: 'history-unavailable', symbol: 'BTCUSDT', range, slots: 12, reason: 'beyond-retention' },
  { type: 'backfill-window-failed', symbol: 'BTCUSDT', range, reason: 'network', error: new Error('reset') },
  {
    type: 'patrol-done',
    round: 1,
    gapSlots: 40,
    slotsWritten: 30,
    requests: 5,
    durationMs: 4_500,
    interrupted: false,
  },
  { type: 'batch-summary-failed', error: new Error('disk full') },
  { type: 'journal-saved', path: '/data/state/running_tasks.json', tasks: 1 },
];
// Not annotated: the backfill's events carry more than the metrics read (gaps, the archive's share),
// and those fields are the engine's to change; the shape test holds the fields the metrics read.
const backfillStart = {
  type: 'backfill-start',
  taskId: null,
  symbols: 2,
  windows: 3,
  slotsTotal: 40,
  unrecoverable: [
    {
      symbol: 'BTCUSDT',
      series: '5m',
      range,
      slots: 100,
      fillableBy: 'none',
      reason: 'beyond-api-retention',
    },
    { symbol: 'ETHUSDT', series: '5m', range, slots: 20, fillableBy: 'none', reason: 'beyond-api-retention' },
    { symbol: 'ETHUSDT', series: '5m', range, slots: 1, fillableBy: 'none', reason: 'not-published-yet' },
  ],
} as const;
const backfillDone = {
  type: 'backfill-done',
  taskId: null,
  requests: 5,
  slotsWritten: 30,
  slotsTotal: 40,
  slotsWrittenBySource: { api: 6, archive: 24 },
  archiveFiles: 2,
  archiveRows: 576,
  failedSymbols: [],
  durationMs: 2_000,
  interrupted: false,
  gapsRemain: true,
} as const;

const base = { method: 'GET', attempt: 1, priority: 'live', market: 'um' } as const;
const oiEndpoint = '/fapi/v1/openInterest?symbol=BTCUSDT';
const histEndpoint = '/futures/data/openInterestHist?symbol=BTCUSDT&period=5m';
const clientEvents: readonly ClientEvent[] = [
  { ...base, type: 'request', endpoint: oiEndpoint, budget: 'weight', units: 1 },
  { ...base, type: 'request', endpoint: '/fapi/v1/openInterest?symbol=ETHUSDT', budget: 'weight', units: 1 },
  { ...base, type: 'response', endpoint: oiEndpoint, status: 200, durationMs: 80, usedWeight: 15 },
  {
    ...base,
    type: 'response',
    endpoint: '/fapi/v1/openInterest?symbol=ETHUSDT',
    status: 200,
    durationMs: 120,
  },
  { ...base, priority: 'history', type: 'response', endpoint: histEndpoint, status: 429, durationMs: 30 },
  {
    ...base,
    type: 'retry',
    endpoint: histEndpoint,
    delayMs: 1_000,
    failure: { kind: 'retry', reason: 'rate-limited', retryAfterMs: 1_000 },
    message: '429',
  },
  {
    type: 'rate-wait',
    budget: 'history',
    waitMs: 1_500,
    cause: 'paused',
    endpoint: histEndpoint,
    priority: 'history',
  },
  { type: 'rate-limited', budget: 'history', untilMs: MINUTE + 5_000, endpoint: histEndpoint },
  { type: 'banned', untilMs: MINUTE + 600_000, endpoint: oiEndpoint },
  {
    type: 'budget-learned',
    budget: 'history',
    limit: 500,
    configuredLimit: 1_000,
    windowMs: 300_000,
    factor: 0.5,
    reason: 'rate-limited',
  },
];

async function scrape(metrics: { render(): Promise<string> }): Promise<ReadonlyMap<string, MetricFamily>> {
  return parseExposition(await metrics.render());
}

describe('createCollectorMetrics', () => {
  it('maps every collector and client event to its metric, with labels, in valid exposition text', async () => {
    const clock = virtualClock(MINUTE - 30_000);
    const metrics = createCollectorMetrics({ clock, processMetrics: false });
    for (const event of collectorEvents) metrics.observeCollectorEvent(event);
    clock.set(MINUTE + 1_750);
    metrics.observeCollectorEvent(tickOk);
    metrics.observeCollectorEvent(backfillStart);
    clock.set(MINUTE + 61_000);
    for (const event of laterEvents) metrics.observeCollectorEvent(event);
    metrics.observeCollectorEvent(backfillDone);
    for (const event of clientEvents) metrics.observeClientEvent(event);
    const families = await scrape(metrics);

    const expected: readonly [string, Record<string, string>, number][] = [
      ['oi_ticks_total', { outcome: 'ok' }, 1],
      ['oi_ticks_total', { outcome: 'partial' }, 1],
      ['oi_ticks_total', { outcome: 'failed' }, 1],
      ['oi_ticks_total', { outcome: 'interrupted' }, 1],
      ['oi_tick_symbols', {}, 2],
      ['oi_rows_written_total', { series: '1m', source: 'api' }, 2 + 1 + 0 + 1],
      ['oi_rows_written_total', { series: '5m', source: 'api' }, 6],
      ['oi_rows_written_total', { series: '5m', source: 'archive' }, 24],
      ['oi_missed_minutes_total', { reason: 'collector-down' }, 6],
      ['oi_missed_minutes_total', { reason: 'late-response' }, 1],
      // The failed tick of minute +2 was observed at +61 s local, +61.25 s exchange time: lag 0.
      ['oi_last_tick_lag_seconds', {}, 0],
      ['oi_tick_lag_seconds_count', {}, 3],
      ['oi_tick_lag_seconds_bucket', { le: '1' }, 1],
      ['oi_tick_lag_seconds_bucket', { le: '2' }, 3],
      ['oi_tick_lag_seconds_sum', {}, 2 + 1.25 + 0],
      ['oi_last_tick_minute_timestamp_seconds', {}, (MINUTE + 120_000) / 1000],
      ['oi_last_successful_tick_timestamp_seconds', {}, (MINUTE + 61_000) / 1000],
      ['oi_mark_price_missing_total', {}, 1],
      ['oi_server_offset_seconds', {}, 0.25],
      ['oi_server_offset_failures_total', {}, 1],
      ['oi_patrol_rounds_total', { outcome: 'done' }, 1],
      ['oi_last_patrol_duration_seconds', {}, 4.5],
      ['oi_last_patrol_timestamp_seconds', {}, (MINUTE + 61_000) / 1000],
      ['oi_open_gap_slots', { series: '5m', reason: 'fillable' }, 10],
      ['oi_open_gap_slots', { series: '5m', reason: 'beyond-api-retention' }, 120],
      ['oi_open_gap_slots', { series: '5m', reason: 'not-published-yet' }, 1],
      ['oi_history_unavailable_slots_total', { reason: 'beyond-retention' }, 12],
      ['oi_backfill_window_failures_total', {}, 1],
      ['oi_symbols_dropped_total', { reason: 'not-tradable' }, 1],
      ['oi_batch_summary_failures_total', {}, 1],
      ['oi_http_requests_total', { endpoint: '/fapi/v1/openInterest', status: '200' }, 2],
      ['oi_http_requests_total', { endpoint: '/futures/data/openInterestHist', status: '429' }, 1],
      ['oi_http_request_duration_seconds_count', { endpoint: '/fapi/v1/openInterest' }, 2],
      ['oi_http_request_duration_seconds_sum', { endpoint: '/fapi/v1/openInterest' }, 0.2],
      ['oi_http_retries_total', { endpoint: '/futures/data/openInterestHist', reason: 'rate-limited' }, 1],
      ['oi_rate_limited_total', { budget: 'history' }, 1],
      ['oi_bans_total', {}, 1],
      ['oi_banned_until_timestamp_seconds', {}, (MINUTE + 600_000) / 1000],
      ['oi_rate_waits_total', { budget: 'history', cause: 'paused' }, 1],
      ['oi_rate_wait_seconds_total', { budget: 'history', cause: 'paused' }, 1.5],
      ['oi_budget_units_total', { budget: 'weight' }, 2],
      ['oi_budget_used', { budget: 'weight' }, 15],
      ['oi_budget_limit', { budget: 'history' }, 500],
      ['oi_budget_configured_limit', { budget: 'history' }, 1_000],
      ['oi_budget_learned_limit', { budget: 'history' }, 500],
    ];
    const found = expected.map(([name, labels]) => [name, labels, sampleValue(families, name, labels)]);
    expect(found).toEqual(expected.map(([name, labels, value]) => [name, labels, expect.closeTo(value, 9)]));
    expect(families.get('oi_ticks_total')).toMatchObject({
      type: 'counter',
      help: expect.stringMatching(/tick/),
    });
    expect(families.get('oi_tick_lag_seconds')?.type).toBe('histogram');
    expect(families.get('oi_budget_used')?.type).toBe('gauge');
    expect(families.has('process_cpu_user_seconds_total')).toBe(false);
  });

  it('reads the budgets afresh at each scrape, and drops the learned limit once it recovers', async () => {
    let historyUsed = 7;
    const snapshot = (): RateBudgetSnapshot => ({
      atMs: MINUTE,
      weight: {
        used: 40,
        limit: 2_400,
        configuredLimit: 2_400,
        windowMs: 60_000,
        learnedLimit: undefined,
        pausedUntilMs: undefined,
        queued: 0,
      },
      history: {
        used: historyUsed,
        limit: historyUsed > 10 ? 1_000 : 500,
        configuredLimit: 1_000,
        windowMs: 300_000,
        learnedLimit: historyUsed > 10 ? undefined : 500,
        pausedUntilMs: undefined,
        queued: 2,
      },
      bannedUntilMs: MINUTE + 60_000,
      ledgerPath: undefined,
    });
    const metrics = createCollectorMetrics({ budgets: { snapshot }, processMetrics: false });
    let families = await scrape(metrics);
    expect(sampleValue(families, 'oi_budget_used', { budget: 'weight' })).toBe(40);
    expect(sampleValue(families, 'oi_budget_limit', { budget: 'weight' })).toBe(2_400);
    expect(sampleValue(families, 'oi_budget_used', { budget: 'history' })).toBe(7);
    expect(sampleValue(families, 'oi_budget_learned_limit', { budget: 'history' })).toBe(500);
    expect(sampleValue(families, 'oi_budget_learned_limit', { budget: 'weight' })).toBeUndefined();
    expect(sampleValue(families, 'oi_banned_until_timestamp_seconds')).toBe((MINUTE + 60_000) / 1000);

    historyUsed = 11;
    families = await scrape(metrics);
    expect(sampleValue(families, 'oi_budget_used', { budget: 'history' })).toBe(11);
    expect(sampleValue(families, 'oi_budget_limit', { budget: 'history' })).toBe(1_000);
    expect(sampleValue(families, 'oi_budget_learned_limit', { budget: 'history' })).toBeUndefined();
  });

  it('drops the learned limit when a budget-learned event says the rate recovered', async () => {
    const metrics = createCollectorMetrics({ processMetrics: false });
    const learned = { type: 'budget-learned', budget: 'weight', windowMs: 60_000 } as const;
    const lowered: ClientEvent = {
      ...learned,
      limit: 1_200,
      configuredLimit: 2_400,
      factor: 0.5,
      reason: 'banned',
    };
    const recovered: ClientEvent = {
      ...learned,
      limit: 2_400,
      configuredLimit: 2_400,
      factor: 1,
      reason: 'recovered',
    };
    metrics.observeClientEvent(lowered);
    expect(sampleValue(await scrape(metrics), 'oi_budget_learned_limit', { budget: 'weight' })).toBe(1_200);
    metrics.observeClientEvent(recovered);
    const families = await scrape(metrics);
    expect(sampleValue(families, 'oi_budget_learned_limit', { budget: 'weight' })).toBeUndefined();
    expect(sampleValue(families, 'oi_budget_limit', { budget: 'weight' })).toBe(2_400);
  });

  it("counts every slot of a backfill that does not say its sources as the history API's", async () => {
    const metrics = createCollectorMetrics({ processMetrics: false });
    const { slotsWrittenBySource: _bySource, ...withoutSources } = backfillDone;
    metrics.observeCollectorEvent(withoutSources);
    const families = await scrape(metrics);
    expect(sampleValue(families, 'oi_rows_written_total', { series: '5m', source: 'api' })).toBe(30);
    expect(
      sampleValue(families, 'oi_rows_written_total', { series: '5m', source: 'archive' }),
    ).toBeUndefined();
  });

  it('takes rows, open gaps and sink lag from the setters', async () => {
    const metrics = createCollectorMetrics({ processMetrics: false });
    metrics.addRowsWritten('5m', 'archive', 288);
    metrics.addRowsWritten('5m', 'archive', 0);
    metrics.setOpenGaps([
      { series: '1m', reason: 'live-only', slots: 7 },
      { series: '5m', reason: 'api-retention', slots: 3 },
    ]);
    metrics.setOpenGaps([{ series: '5m', reason: 'api-retention', slots: 2 }]);
    metrics.setSinkLag('1m', { rows: 30, lagMs: 45_000 });
    const families = await scrape(metrics);
    expect(sampleValue(families, 'oi_rows_written_total', { series: '5m', source: 'archive' })).toBe(288);
    expect(families.get('oi_open_gap_slots')?.samples).toEqual([
      { name: 'oi_open_gap_slots', labels: { series: '5m', reason: 'api-retention' }, value: 2 },
    ]);
    expect(sampleValue(families, 'oi_sink_lag_rows', { series: '1m' })).toBe(30);
    expect(sampleValue(families, 'oi_sink_lag_seconds', { series: '1m' })).toBe(45);
  });

  it('ignores event types it does not know and fields that are missing, without throwing', async () => {
    const metrics = createCollectorMetrics({ processMetrics: false });
    for (const type of [
      'toString',
      'constructor',
      '__proto__',
      'a-future-event',
      'tick-done',
      'gap-recorded',
    ]) {
      metrics.observeCollectorEvent({ type });
      metrics.observeClientEvent({ type });
    }
    metrics.observeClientEvent({
      type: 'response',
      endpoint: 42,
      status: 'x',
      durationMs: Number.NaN,
    } as never);
    const families = await scrape(metrics);
    // A bare tick-done reads as a tick of no symbols (nothing written, nothing failed): no NaN anywhere.
    expect(sampleValue(families, 'oi_ticks_total', { outcome: 'ok' })).toBe(1);
    expect(sampleValue(families, 'oi_rows_written_total', { series: '1m', source: 'api' })).toBe(0);
    expect(sampleValue(families, 'oi_http_requests_total', { endpoint: '42', status: 'x' })).toBe(1);
    for (const family of families.values()) {
      for (const sample of family.samples) expect(Number.isNaN(sample.value)).toBe(false);
    }
  });

  it('exposes the process metrics unless told not to', async () => {
    const families = await scrape(createCollectorMetrics());
    expect(families.get('process_cpu_user_seconds_total')?.type).toBe('counter');
    expect(families.has('nodejs_eventloop_lag_seconds')).toBe(true);
  });
});
