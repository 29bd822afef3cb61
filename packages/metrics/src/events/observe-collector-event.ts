import { amountOf, dispatchEvent, labelOf, type ObserverContext } from '../registry/observer-context.ts';
import type { CollectorEventInput, CollectorEventShapes, GapShape } from './collector-event-shapes.ts';

type Handlers = {
  readonly [K in keyof CollectorEventShapes]: (
    event: CollectorEventShapes[K],
    context: ObserverContext,
  ) => void;
};

/** The patrol is alive while any of these arrive; they are what `--history-only` health watches. */
const PATROL_ACTIVITY: ReadonlySet<string> = new Set([
  'patrol-start',
  'patrol-done',
  'backfill-start',
  'backfill-progress',
  'backfill-done',
  'archive-day',
]);

// Live ticks read the exchange's REST API; the backfill says which slots came from the archive.
const LIVE_SOURCE = 'api';
const FILLABLE = 'fillable';

/**
 * Replaces the open-gap gauge with the slots of `gaps` summed by series and reason, plus the 5m slots
 * a backfill planned to fill (reason `fillable`) when given.
 */
export function replaceOpenGaps(
  context: ObserverContext,
  gaps: readonly GapShape[],
  fillable5m?: number,
): void {
  const { openGapSlots } = context.set;
  const sums = new Map<string, { series: string; reason: string; slots: number }>();
  const add = (series: string, reason: string, slots: number): void => {
    const key = `${series}\u0000${reason}`;
    const sum = sums.get(key) ?? { series, reason, slots: 0 };
    sum.slots += slots;
    sums.set(key, sum);
  };
  if (fillable5m !== undefined) add('5m', FILLABLE, fillable5m);
  for (const gap of gaps) add(labelOf(gap.series), labelOf(gap.reason), amountOf(gap.slots) ?? 0);
  openGapSlots.reset();
  for (const { series, reason, slots } of sums.values()) openGapSlots.set({ series, reason }, slots);
}

const HANDLERS: Handlers = {
  'server-offset': (event, { set, state }) => {
    if (typeof event.offsetMs !== 'number' || !Number.isFinite(event.offsetMs)) return;
    state.serverOffsetMs = event.offsetMs;
    set.serverOffset.set(event.offsetMs / 1000);
  },
  'server-offset-failed': (_event, { set }) => set.serverOffsetFailures.inc(),
  'tick-start': (event, { set }) => set.tickSymbols.set(amountOf(event.symbols) ?? 0),
  'tick-done': (event, context) => {
    const { set, state } = context;
    const rows = amountOf(event.rows) ?? 0;
    const failures = amountOf(event.failures) ?? 0;
    set.rowsWritten.inc({ series: '1m', source: LIVE_SOURCE }, rows);
    const weightUsed = amountOf(event.weightUsed);
    if (weightUsed !== undefined) set.budgetUsed.set({ budget: 'weight' }, weightUsed);
    if (event.interrupted === true) {
      // Stopped by shutdown: neither a success nor a failure of the exchange.
      set.ticks.inc({ outcome: 'interrupted' });
      return;
    }
    const outcome = failures === 0 ? 'ok' : rows > 0 ? 'partial' : 'failed';
    set.ticks.inc({ outcome });
    if (event.markPriceMissing === true) set.markPriceMissing.inc();
    const nowMs = context.now();
    const minuteMs = amountOf(event.minuteMs);
    if (minuteMs !== undefined) {
      // minuteMs is exchange time: compare it with the local clock moved by the measured offset.
      const lagSeconds = Math.max(0, nowMs + state.serverOffsetMs - minuteMs) / 1000;
      set.lastTickLag.set(lagSeconds);
      set.tickLag.observe(lagSeconds);
      set.lastTickMinute.set(minuteMs / 1000);
    }
    if (outcome !== 'failed') {
      state.lastSuccessfulTickAtMs = nowMs;
      set.lastSuccessfulTick.set(nowMs / 1000);
    }
  },
  'gap-recorded': (event, { set }) => {
    if (event.series !== '1m') return;
    const symbols = Array.isArray(event.symbols) ? event.symbols.length : 0;
    const slots = amountOf(event.slots) ?? 0;
    set.missedMinutes.inc({ reason: labelOf(event.reason) }, slots * symbols);
  },
  'symbol-dropped': (event, { set }) => set.symbolsDropped.inc({ reason: labelOf(event.reason) }),
  'backfill-start': (event, context) => {
    const gaps = Array.isArray(event.unrecoverable) ? event.unrecoverable : [];
    replaceOpenGaps(context, gaps, amountOf(event.slotsTotal) ?? 0);
  },
  'history-unavailable': (event, { set }) =>
    set.historyUnavailable.inc({ reason: labelOf(event.reason) }, amountOf(event.slots) ?? 0),
  'backfill-window-failed': (_event, { set }) => set.backfillWindowFailures.inc(),
  'backfill-done': (event, { set }) => {
    const written = amountOf(event.slotsWritten) ?? 0;
    const bySource = event.slotsWrittenBySource;
    if (bySource === undefined) set.rowsWritten.inc({ series: '5m', source: 'api' }, written);
    else {
      set.rowsWritten.inc({ series: '5m', source: 'api' }, amountOf(bySource.api) ?? 0);
      set.rowsWritten.inc({ series: '5m', source: 'archive' }, amountOf(bySource.archive) ?? 0);
    }
    const total = amountOf(event.slotsTotal);
    if (total !== undefined)
      set.openGapSlots.set({ series: '5m', reason: FILLABLE }, Math.max(0, total - written));
  },
  'patrol-done': (event, { set, now }) => {
    set.patrolRounds.inc({ outcome: event.interrupted === true ? 'interrupted' : 'done' });
    const durationMs = amountOf(event.durationMs);
    if (durationMs !== undefined) set.lastPatrolDuration.set(durationMs / 1000);
    set.lastPatrol.set(now() / 1000);
  },
  'collector-start': (event, { state, now }) => {
    state.startedAtMs = now();
    state.historyOnly = event.historyOnly === true;
  },
  'batch-summary-failed': (_event, { set }) => set.batchSummaryFailures.inc(),
};

/** Updates the metrics and the health state from one collector event; unknown types are ignored. */
export function observeCollectorEvent(context: ObserverContext, event: CollectorEventInput): void {
  if (PATROL_ACTIVITY.has(event.type)) context.state.lastPatrolActivityAtMs = context.now();
  dispatchEvent(HANDLERS, event, context);
}
