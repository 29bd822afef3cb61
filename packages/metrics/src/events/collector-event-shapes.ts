// The collector's events as far as the metrics read them: a structural subset of `CollectorEvent`
// (@oi/recovery), so this package depends on no engine code and an event it does not know is ignored.
// A type test holds each shape to the engine's real union.

/** A gap the backfill cannot fill, as much of `Gap` (@oi/recovery) as the open-gap gauge needs. */
export interface GapShape {
  readonly series: string;
  readonly slots: number;
  readonly reason: string;
}

/** The collector events the metrics map, by `type`. */
export interface CollectorEventShapes {
  readonly 'server-offset': { readonly type: 'server-offset'; readonly offsetMs: number };
  readonly 'server-offset-failed': { readonly type: 'server-offset-failed' };
  readonly 'tick-start': { readonly type: 'tick-start'; readonly minuteMs: number; readonly symbols: number };
  readonly 'tick-done': {
    readonly type: 'tick-done';
    readonly minuteMs: number;
    readonly durationMs: number;
    readonly rows: number;
    readonly failures: number;
    readonly markPriceMissing: boolean;
    readonly weightUsed: number | null;
    readonly interrupted: boolean;
  };
  readonly 'gap-recorded': {
    readonly type: 'gap-recorded';
    readonly series: string;
    readonly symbols: readonly string[];
    readonly slots: number;
    readonly reason: string;
  };
  readonly 'symbol-dropped': { readonly type: 'symbol-dropped'; readonly reason: string };
  readonly 'backfill-start': {
    readonly type: 'backfill-start';
    readonly slotsTotal: number;
    readonly unrecoverable: readonly GapShape[];
  };
  readonly 'history-unavailable': {
    readonly type: 'history-unavailable';
    readonly slots: number;
    readonly reason: string;
  };
  readonly 'backfill-window-failed': { readonly type: 'backfill-window-failed' };
  readonly 'backfill-done': {
    readonly type: 'backfill-done';
    readonly slotsWritten: number;
    readonly slotsTotal: number;
    /** Slots written from each source; without it every slot counts as the history API's. */
    readonly slotsWrittenBySource?: { readonly api: number; readonly archive: number };
  };
  readonly 'patrol-done': {
    readonly type: 'patrol-done';
    readonly durationMs: number;
    readonly interrupted: boolean;
  };
  readonly 'collector-start': { readonly type: 'collector-start'; readonly historyOnly: boolean };
  readonly 'batch-summary-failed': { readonly type: 'batch-summary-failed' };
}

/** What `observeCollectorEvent` takes: any engine event; those of {@link CollectorEventShapes} are counted. */
export type CollectorEventInput = { readonly type: string };
