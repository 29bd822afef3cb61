import type { CollectorEventHandler, DropReason } from './collector-event.ts';

/** The minutes a symbol is asked about live: from `fromMs` (a whole minute) until `untilMs` (trading ends). */
export interface LiveWindow {
  /** The first tick minute that asks for it. @default every tick */
  readonly fromMs?: number;
  /** When its trading ends (an announced delivery or delisting); no tick at or after it asks. @default never */
  readonly untilMs?: number;
}

/**
 * The symbols the collector's runners share. A symbol joins (`add`), may end (`end`: it stopped
 * trading, so its live requests stop while its history is still completed), or is dropped for good
 * (`drop`: the exchange does not know it). Each end and drop is reported once.
 */
export interface SymbolRoster {
  /** Symbols whose history is kept (ended ones too), not dropped, in the order they joined. */
  active(): string[];
  /** Whether a symbol's history is still kept. */
  isActive(symbol: string): boolean;
  /**
   * The symbols the tick of `minuteMs` asks for: joined by then, neither ended nor dropped. A symbol
   * whose trading ends at or before `minuteMs` is ended here (reported with that end).
   */
  live(minuteMs: number): string[];
  /**
   * Adds a symbol with its live window; for a symbol already there, only a new `untilMs` is taken.
   * Returns whether it joined now.
   */
  add(symbol: string, window?: LiveWindow): boolean;
  /** Stops a symbol's live requests for good and reports it once (`symbol-ended`); its history stays kept. */
  end(symbol: string, endMs: number, detail: string): void;
  /** Leaves a symbol out from now on; reports it once (`symbol-dropped`). */
  drop(symbol: string, reason: DropReason, detail: string): void;
  /** Dropped symbols and why. */
  dropped(): ReadonlyMap<string, DropReason>;
  /** Ended symbols and when their trading ended, epoch ms. */
  ended(): ReadonlyMap<string, number>;
}

interface RosterEntry {
  fromMs: number;
  untilMs: number;
}

/** A roster that starts with `symbols`, all live from the first tick, and reports through `onEvent`. */
export function createSymbolRoster(
  symbols: readonly string[],
  onEvent?: CollectorEventHandler,
): SymbolRoster {
  const entries = new Map<string, RosterEntry>();
  const dropped = new Map<string, DropReason>();
  const ended = new Map<string, number>();

  const add = (symbol: string, window: LiveWindow = {}): boolean => {
    const entry = entries.get(symbol);
    if (entry !== undefined) {
      if (window.untilMs !== undefined) entry.untilMs = window.untilMs;
      return false;
    }
    entries.set(symbol, {
      fromMs: window.fromMs ?? Number.NEGATIVE_INFINITY,
      untilMs: window.untilMs ?? Number.POSITIVE_INFINITY,
    });
    return true;
  };
  const end = (symbol: string, endMs: number, detail: string): void => {
    if (!entries.has(symbol) || ended.has(symbol) || dropped.has(symbol)) return;
    ended.set(symbol, endMs);
    onEvent?.({ type: 'symbol-ended', symbol, endMs, detail });
  };
  for (const symbol of symbols) add(symbol);

  return {
    active: () => [...entries.keys()].filter((symbol) => !dropped.has(symbol)),
    isActive: (symbol) => entries.has(symbol) && !dropped.has(symbol),
    live: (minuteMs) => {
      const live: string[] = [];
      for (const [symbol, entry] of entries) {
        if (dropped.has(symbol) || ended.has(symbol) || minuteMs < entry.fromMs) continue;
        if (minuteMs >= entry.untilMs) {
          end(symbol, entry.untilMs, `trading ended at ${new Date(entry.untilMs).toISOString()}`);
          continue;
        }
        live.push(symbol);
      }
      return live;
    },
    add,
    end,
    drop: (symbol, reason, detail) => {
      if (dropped.has(symbol)) return;
      add(symbol);
      dropped.set(symbol, reason);
      onEvent?.({ type: 'symbol-dropped', symbol, reason, detail });
    },
    dropped: () => dropped,
    ended: () => ended,
  };
}
