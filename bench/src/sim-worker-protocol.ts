/** What the main thread hands the simulator worker. */
export interface SimWorkerData {
  /** One float64: the JumpClock's offset (`offset`) or the current time itself (`absolute`). */
  readonly timeBuffer: SharedArrayBuffer;
  /** `offset`: time is the machine's plus the buffer; `absolute`: the buffer is the time (a virtual clock). */
  readonly timeMode: 'offset' | 'absolute';
  /** Simulator options without the clock (structured-cloneable). */
  readonly options: Readonly<Record<string, unknown>>;
}

/** Messages to the worker. */
export type SimWorkerRequest = { readonly type: 'take-counts' } | { readonly type: 'close' };

/** Request totals since the previous `take-counts`. */
export interface SimCounts {
  readonly requests: number;
  /** Request weight charged. */
  readonly weight: number;
  readonly historyRequests: number;
  /** Keyed by HTTP status (`'0'` for resets and stalls). */
  readonly byStatus: Readonly<Record<string, number>>;
}

/** Messages from the worker. */
export type SimWorkerReply =
  | { readonly type: 'ready'; readonly url: string; readonly extraSymbols: readonly string[] }
  | ({ readonly type: 'counts' } & SimCounts)
  | { readonly type: 'closed' };
