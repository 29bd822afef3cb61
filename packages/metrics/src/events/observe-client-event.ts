import { amountOf, dispatchEvent, labelOf, type ObserverContext } from '../registry/observer-context.ts';
import type { ClientEventInput, ClientEventShapes, RateBudgetSnapshotShape } from './client-event-shapes.ts';

type Handlers = {
  readonly [K in keyof ClientEventShapes]: (event: ClientEventShapes[K], context: ObserverContext) => void;
};

const BUDGETS = ['weight', 'history'] as const;

/**
 * The endpoint label: the path without its query, so one series per endpoint rather than one per
 * symbol (the query names the symbol; the client never puts a host or credentials here).
 */
function endpointLabel(endpoint: unknown): string {
  const text = labelOf(endpoint);
  const query = text.indexOf('?');
  return query === -1 ? text : text.slice(0, query);
}

/** Sets the learned-limit gauge while a learned limit is below the configured one, else drops it. */
function showLearnedLimit(context: ObserverContext, budget: string, learned: number | undefined): void {
  if (learned === undefined) context.set.budgetLearnedLimit.remove({ budget });
  else context.set.budgetLearnedLimit.set({ budget }, learned);
}

const HANDLERS: Handlers = {
  request: (event, { set }) =>
    set.budgetUnits.inc({ budget: labelOf(event.budget) }, amountOf(event.units) ?? 0),
  response: (event, { set }) => {
    const endpoint = endpointLabel(event.endpoint);
    set.httpRequests.inc({ endpoint, status: labelOf(event.status) });
    const durationMs = amountOf(event.durationMs);
    if (durationMs !== undefined) set.httpDuration.observe({ endpoint }, durationMs / 1000);
    const usedWeight = amountOf(event.usedWeight);
    if (usedWeight !== undefined) set.budgetUsed.set({ budget: 'weight' }, usedWeight);
  },
  retry: (event, { set }) =>
    set.httpRetries.inc({ endpoint: endpointLabel(event.endpoint), reason: labelOf(event.failure?.reason) }),
  'rate-wait': (event, { set }) => {
    const labels = { budget: labelOf(event.budget), cause: labelOf(event.cause) };
    set.rateWaits.inc(labels);
    set.rateWaitSeconds.inc(labels, (amountOf(event.waitMs) ?? 0) / 1000);
  },
  'rate-limited': (event, { set }) => set.rateLimited.inc({ budget: labelOf(event.budget) }),
  banned: (event, { set }) => {
    set.bans.inc();
    const untilMs = amountOf(event.untilMs);
    if (untilMs !== undefined) set.bannedUntil.set(untilMs / 1000);
  },
  'budget-learned': (event, context) => {
    const budget = labelOf(event.budget);
    const limit = amountOf(event.limit);
    const configuredLimit = amountOf(event.configuredLimit);
    if (limit !== undefined) context.set.budgetLimit.set({ budget }, limit);
    if (configuredLimit !== undefined) context.set.budgetConfiguredLimit.set({ budget }, configuredLimit);
    if (limit !== undefined && configuredLimit !== undefined) {
      showLearnedLimit(context, budget, limit < configuredLimit ? limit : undefined);
    }
  },
};

/** Updates the metrics from one client event; unknown types are ignored. */
export function observeClientEvent(context: ObserverContext, event: ClientEventInput): void {
  dispatchEvent(HANDLERS, event, context);
}

/** Copies the budgets' state into the budget gauges (called before each scrape). */
export function showBudgetSnapshot(context: ObserverContext, snapshot: RateBudgetSnapshotShape): void {
  const { set } = context;
  for (const budget of BUDGETS) {
    const state = snapshot[budget];
    if (state === undefined) continue;
    const used = amountOf(state.used);
    const limit = amountOf(state.limit);
    const configuredLimit = amountOf(state.configuredLimit);
    if (used !== undefined) set.budgetUsed.set({ budget }, used);
    if (limit !== undefined) set.budgetLimit.set({ budget }, limit);
    if (configuredLimit !== undefined) set.budgetConfiguredLimit.set({ budget }, configuredLimit);
    showLearnedLimit(context, budget, amountOf(state.learnedLimit));
  }
  const bannedUntilMs = amountOf(snapshot.bannedUntilMs);
  if (bannedUntilMs !== undefined) set.bannedUntil.set(bannedUntilMs / 1000);
}
