import type { Clock } from '@oi/retry';
import { marketOfSymbol } from '@oi/storage';
import { HISTORY_RETENTION_MS } from '../gaps/gap-source.ts';
import type { CollectorEventHandler } from './collector-event.ts';
import { type CollectorUniverse, historyListingOf, isTrading, universeTakes } from './collector-universe.ts';
import { type ListedSymbol, listedSymbolOf } from './listings.ts';
import { type SymbolLifecycle, saveSymbolLifecycles } from './listings-state.ts';
import type { ServerTime } from './server-time.ts';
import { createSymbolRoster, type SymbolRoster } from './symbol-roster.ts';

const MINUTE_MS = 60_000;

/** Options of {@link createUniverseFollower}. */
export interface UniverseFollowerOptions {
  /** The symbols to follow. */
  readonly universe: CollectorUniverse;
  /**
   * Whether the listings are read again while running. Then a listed symbol the listings lack waits
   * for them (`symbol-waiting`); otherwise it is dropped as `invalid-symbol`.
   */
  readonly follows: boolean;
  /** The exchange's time, which stamps the records. */
  readonly nowMs: () => number;
  /**
   * What earlier runs recorded (`readSymbolLifecycles`): a symbol they followed that ended while no
   * collector ran (or whose end lies within the history API's reach) is ended at the start, so its
   * history is still completed up to its end.
   */
  readonly previous?: ReadonlyMap<string, SymbolLifecycle>;
  /** Receives `symbol-listed`, `symbol-ended`, `symbol-waiting` and `symbol-dropped`. */
  readonly onEvent?: CollectorEventHandler | undefined;
}

/**
 * Keeps a collector's roster in step with the exchange's listings: a symbol of the universe that
 * trades joins (from the first whole minute after the read that showed it), one that stops trading
 * or leaves the listings ends (its live requests stop, its history is still completed), and what was
 * learned is kept for the listings state file.
 */
export interface UniverseFollower {
  /** The roster the live ticks and the patrol read at each tick and round. */
  readonly roster: SymbolRoster;
  /**
   * Every contract the listings showed, as the runners take them: each one's `deliveryDateMs` is the
   * end of its 5m history (an ended symbol's, from its end).
   */
  readonly listings: ReadonlyMap<string, ListedSymbol>;
  /**
   * Applies one listings read made at exchange time `seenAtMs`. With `initial` (the listings the run
   * starts with), the symbols that join tick from the first tick and are not reported one by one.
   */
  apply(listed: Iterable<ListedSymbol>, seenAtMs: number, initial?: boolean): void;
  /** The records changed since the last call, for the listings state file. */
  takeChanges(): SymbolLifecycle[];
  /** Marks records taken but not saved as changed again, so the next save writes them. */
  keepChanges(records: readonly SymbolLifecycle[]): void;
  /** Symbols followed live now (joined, neither ended nor dropped). */
  liveCount(): number;
  /** Symbols that joined after the start. */
  joined(): readonly string[];
}

/** A follower with an empty roster: the first `apply` fills it. */
export function createUniverseFollower(options: UniverseFollowerOptions): UniverseFollower {
  const { universe, follows, onEvent } = options;
  const raw = new Map<string, ListedSymbol>();
  const listings = new Map<string, ListedSymbol>();
  const lifecycles = new Map<string, SymbolLifecycle>();
  const changed = new Set<string>();
  const waiting = new Set<string>();
  const joined: string[] = [];
  let seen = new Map<string, ListedSymbol>();

  /** Records what is now known of a followed symbol; its history listing ends at its end once it has one. */
  const record = (symbol: string): void => {
    const listed = raw.get(symbol);
    if (listed === undefined) return;
    const endedAtMs = roster.ended().get(symbol);
    listings.set(
      symbol,
      historyListingOf(endedAtMs === undefined ? listed : { ...listed, deliveryDateMs: endedAtMs }),
    );
    const previous = lifecycles.get(symbol);
    const next: Omit<SymbolLifecycle, 'updatedAtMs'> = {
      symbol,
      market: marketOfSymbol(symbol),
      status: listed.status,
      listed: seen.has(symbol),
      ...(listed.contractType === undefined ? {} : { contractType: listed.contractType }),
      onboardDateMs: listed.onboardDateMs,
      deliveryDateMs: listed.deliveryDateMs,
      ...(endedAtMs === undefined ? {} : { endedAtMs }),
    };
    if (previous !== undefined && sameLifecycle(previous, next)) return;
    lifecycles.set(symbol, { ...next, updatedAtMs: options.nowMs() });
    changed.add(symbol);
  };

  const roster = createSymbolRoster([], (event) => {
    onEvent?.(event);
    if (event.type === 'symbol-ended') record(event.symbol);
  });

  /** When a symbol the listings no longer show trading ended: its listed end once that has come, else now. */
  const endOf = (listed: ListedSymbol | undefined, seenAtMs: number): number =>
    listed !== undefined && listed.deliveryDateMs <= seenAtMs ? listed.deliveryDateMs : seenAtMs;

  const endFollowed = (seenAtMs: number): void => {
    const ended = roster.ended();
    for (const symbol of roster.active()) {
      const listed = seen.get(symbol);
      if (ended.has(symbol)) record(symbol);
      else if (listed === undefined) {
        roster.end(symbol, endOf(raw.get(symbol), seenAtMs), 'not listed by exchangeInfo');
      } else if (!isTrading(listed)) {
        roster.end(symbol, endOf(listed, seenAtMs), `status ${listed.status}`);
      } else {
        // A delisting announced meanwhile moves the end of its live requests.
        roster.add(symbol, { untilMs: listed.deliveryDateMs });
        record(symbol);
      }
    }
  };

  /**
   * Ends at the start a symbol an earlier run followed that no longer trades: at its recorded end,
   * else its listed one once come, else now. True when it did.
   */
  const endRecorded = (symbol: string, seenAtMs: number): boolean => {
    const recorded = options.previous?.get(symbol);
    const listed = seen.get(symbol);
    if (recorded === undefined || (listed !== undefined && isTrading(listed))) return false;
    if (recorded.endedAtMs !== undefined && recorded.endedAtMs < seenAtMs - HISTORY_RETENTION_MS)
      return false;
    if (listed === undefined) {
      const { status, onboardDateMs, deliveryDateMs, contractType } = recorded;
      const last = { symbol, status, onboardDateMs, deliveryDateMs };
      raw.set(symbol, contractType === undefined ? last : { ...last, contractType });
    }
    const detail = listed === undefined ? 'not listed by exchangeInfo' : `status ${listed.status}`;
    roster.add(symbol);
    roster.end(symbol, recorded.endedAtMs ?? endOf(raw.get(symbol), seenAtMs), detail);
    return true;
  };

  const join = (symbol: string, seenAtMs: number, initial: boolean): void => {
    if (roster.isActive(symbol) || roster.dropped().has(symbol)) return;
    const listed = seen.get(symbol);
    if (initial && endRecorded(symbol, seenAtMs)) return;
    if (listed === undefined || listed.status.startsWith('PENDING')) {
      if (universe.kind !== 'list') return;
      const detail = listed === undefined ? 'not listed by exchangeInfo' : `status ${listed.status}`;
      if (!follows) roster.drop(symbol, 'invalid-symbol', detail);
      else if (!waiting.has(symbol)) {
        waiting.add(symbol);
        onEvent?.({ type: 'symbol-waiting', symbol, detail });
      }
      return;
    }
    if (!universeTakes(universe, listed)) return;
    if (isTrading(listed)) {
      const fromMinuteMs = Math.floor(seenAtMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
      roster.add(symbol, {
        ...(initial ? {} : { fromMs: fromMinuteMs }),
        untilMs: listed.deliveryDateMs,
      });
      record(symbol);
      if (initial) return;
      joined.push(symbol);
      onEvent?.({
        type: 'symbol-listed',
        symbol,
        onboardDateMs: listed.onboardDateMs,
        seenAtMs,
        fromMinuteMs,
      });
    } else if (universe.kind === 'list') {
      // Listed but no longer trading: nothing to ask live, its history still to complete.
      roster.add(symbol);
      roster.end(symbol, endOf(listed, seenAtMs), `status ${listed.status}`);
    }
  };

  return {
    roster,
    listings,
    apply: (listed, seenAtMs, initial = false) => {
      seen = new Map();
      for (const entry of listed) {
        const kept = listedSymbolOf(entry);
        seen.set(kept.symbol, kept);
        raw.set(kept.symbol, kept);
        // Symbols not followed are kept as listed, for their units and their history's bounds.
        if (!roster.isActive(kept.symbol)) listings.set(kept.symbol, historyListingOf(kept));
      }
      endFollowed(seenAtMs);
      const candidates = universe.kind === 'list' ? universe.symbols : [...seen.keys()];
      for (const symbol of candidates) join(symbol, seenAtMs, initial);
      if (!initial || universe.kind === 'list') return;
      // Symbols of this market an earlier run followed, which ended since (or not long ago).
      const markets = new Set([...seen.keys()].map(marketOfSymbol));
      for (const recorded of options.previous?.values() ?? []) {
        if (markets.has(recorded.market) && !roster.isActive(recorded.symbol)) {
          endRecorded(recorded.symbol, seenAtMs);
        }
      }
    },
    takeChanges: () => {
      const taken = [...changed].flatMap((symbol) => lifecycles.get(symbol) ?? []);
      changed.clear();
      return taken;
    },
    keepChanges: (records) => {
      for (const { symbol } of records) changed.add(symbol);
    },
    liveCount: () => {
      const ended = roster.ended();
      return roster.active().filter((symbol) => !ended.has(symbol)).length;
    },
    joined: () => joined,
  };
}

function sameLifecycle(previous: SymbolLifecycle, next: Omit<SymbolLifecycle, 'updatedAtMs'>): boolean {
  return (
    previous.status === next.status &&
    previous.listed === next.listed &&
    previous.contractType === next.contractType &&
    previous.onboardDateMs === next.onboardDateMs &&
    previous.deliveryDateMs === next.deliveryDateMs &&
    previous.endedAtMs === next.endedAtMs
  );
}

/** Options of {@link followListings}. */
export interface FollowListingsOptions {
  readonly follower: UniverseFollower;
  /** Reads the exchange's listings (the command's exchangeInfo call). */
  readonly readListings: (signal: AbortSignal) => Promise<readonly ListedSymbol[]>;
  /** Time between reads, from the start of one to the next. */
  readonly intervalMs: number;
  readonly dataDir: string;
  readonly clock: Clock;
  readonly serverTime: ServerTime;
  readonly signal: AbortSignal;
  readonly onEvent?: CollectorEventHandler | undefined;
}

/**
 * Reads the listings every `intervalMs` until `signal` aborts, applies each read to the follower and
 * records what changed. A failed read is reported and the last listings stay until the next one.
 */
export async function followListings(options: FollowListingsOptions): Promise<void> {
  const { follower, clock, serverTime, signal, onEvent } = options;
  let startedMs = clock.now();
  while (!signal.aborted) {
    try {
      await clock.sleep(Math.max(0, startedMs + options.intervalMs - clock.now()), signal);
    } catch {
      return;
    }
    startedMs = clock.now();
    let listed: readonly ListedSymbol[];
    try {
      listed = await options.readListings(signal);
    } catch (error) {
      if (signal.aborted) return;
      onEvent?.({ type: 'listings-read-failed', error });
      continue;
    }
    const release = clock.hold();
    try {
      const timeMs = serverTime.nowMs();
      follower.apply(listed, timeMs);
      onEvent?.({ type: 'listings-read', timeMs, listed: listed.length, live: follower.liveCount() });
      await saveListingsState(options.dataDir, follower, onEvent);
    } finally {
      release();
    }
  }
}

/** Writes the follower's changed records to the listings state file; a failure is reported, and they are written with the next change. */
export async function saveListingsState(
  dataDir: string,
  follower: UniverseFollower,
  onEvent: CollectorEventHandler | undefined,
): Promise<void> {
  const changes = follower.takeChanges();
  if (changes.length === 0) return;
  await saveSymbolLifecycles(dataDir, changes).catch((error: unknown) => {
    follower.keepChanges(changes);
    onEvent?.({ type: 'listings-state-failed', error });
  });
}
