import type { MetricSet } from './metric-set.ts';

/** What the event observers update: the metrics and the state the health rules read. */
export interface ObserverContext {
  readonly set: MetricSet;
  readonly state: CollectorState;
  /** Local epoch ms. */
  readonly now: () => number;
}

/** The collector's state as the events tell it; the health rules read it through `HealthState`. */
export interface CollectorState {
  startedAtMs: number;
  historyOnly: boolean;
  lastSuccessfulTickAtMs: number | undefined;
  lastPatrolActivityAtMs: number | undefined;
  /** Exchange time minus local time from the last measurement, ms (0 before the first). */
  serverOffsetMs: number;
  readonly sinkLagMs: Map<string, number>;
}

/**
 * A count or duration read from an event: a finite, non-negative number, or undefined. The events
 * come from packages that change on their own; a field that is missing or malformed is skipped
 * rather than let a metric throw inside the collector's event handler.
 */
export function amountOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** A label value read from an event; `unknown` when the field is missing. */
export function labelOf(value: unknown): string {
  return typeof value === 'string' && value !== ''
    ? value
    : typeof value === 'number'
      ? String(value)
      : 'unknown';
}

/**
 * Calls the handler of `event.type`, if `handlers` has one. The type names the shape: each handler
 * reads only the fields its shape declares, and an event of a type it does not know is ignored.
 */
export function dispatchEvent(
  handlers: object,
  event: { readonly type: string },
  context: ObserverContext,
): void {
  // Own keys only: an event type such as `toString` must not reach Object.prototype.
  if (!Object.hasOwn(handlers, event.type)) return;
  const handler = (handlers as Record<string, (event: unknown, context: ObserverContext) => void>)[
    event.type
  ];
  handler?.(event, context);
}
