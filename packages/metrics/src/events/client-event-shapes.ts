// The client's events and budget snapshot as far as the metrics read them: a structural subset of
// `ClientEvent` and `RateBudgetSnapshot` (@oi/client). Events of other types are ignored, so the
// client can add events before the metrics map them. A type test holds each shape to the real types.

/** The client events the metrics map, by `type`. */
export interface ClientEventShapes {
  readonly request: {
    readonly type: 'request';
    readonly endpoint: string;
    readonly budget: string;
    readonly units: number;
  };
  readonly response: {
    readonly type: 'response';
    readonly endpoint: string;
    readonly status: number;
    readonly durationMs: number;
    readonly usedWeight?: number;
  };
  readonly retry: {
    readonly type: 'retry';
    readonly endpoint: string;
    readonly failure: { readonly reason: string };
  };
  readonly 'rate-wait': {
    readonly type: 'rate-wait';
    readonly budget: string;
    readonly waitMs: number;
    readonly cause: string;
  };
  readonly 'rate-limited': {
    readonly type: 'rate-limited';
    readonly budget: string;
    readonly untilMs: number;
  };
  readonly banned: { readonly type: 'banned'; readonly untilMs: number };
  readonly 'budget-learned': {
    readonly type: 'budget-learned';
    readonly budget: string;
    readonly limit: number;
    readonly configuredLimit: number;
  };
}

/** What `observeClientEvent` takes: any client event; those of {@link ClientEventShapes} are counted. */
export type ClientEventInput = { readonly type: string };

/** One budget's state, as much of `BudgetSnapshot` (@oi/client) as the gauges show. */
export interface BudgetSnapshotShape {
  /** Units used in the current window by every process of the route. */
  readonly used: number;
  /** Units allowed per window now. */
  readonly limit: number;
  /** Units per window as configured. */
  readonly configuredLimit?: number;
  /** The learned limit while it is below the configured one. */
  readonly learnedLimit?: number | undefined;
}

/** Both budgets and the ban, as much of `RateBudgetSnapshot` (@oi/client) as the gauges show. */
export interface RateBudgetSnapshotShape {
  readonly weight?: BudgetSnapshotShape;
  readonly history?: BudgetSnapshotShape;
  /** Every request waits until then (418), epoch ms. */
  readonly bannedUntilMs?: number | undefined;
}

/** Where the budget gauges are read from at each scrape: the client's `budgets` fits. */
export interface BudgetSnapshotSource {
  /** The budgets' state now. */
  snapshot(): RateBudgetSnapshotShape;
}
