import { OiError } from '@oi/errors';
import { type Clock, classifyFailure } from '@oi/retry';
import type { TimeRange } from '@oi/storage';
import { coverage as storageCoverage } from '@oi/storage';
import pLimit from 'p-limit';
import type { MissedMinuteReason } from './collector-event.ts';
import { contractUnitsOf, liveOpenInterestValue } from './contract-units.ts';
import type { EngineOptions } from './engine-options.ts';
import type { ListedSymbol } from './listings.ts';
import { beginLiveTick } from './live-priority.ts';
import type { CollectorClient, CollectorStore, StorePoint } from './ports.ts';
import { createServerTime, type ServerTime } from './server-time.ts';
import { createSymbolRoster, type SymbolRoster } from './symbol-roster.ts';

const MINUTE_MS = 60_000;
/**
 * How long before each minute the process's patrol work starts to yield (see live-priority.ts): an
 * archive day or history page already on its way lands and waits, instead of landing in the burst.
 */
const LIVE_LEAD_MS = 250;

/**
 * Options of {@link runLiveTicks}: the client answers `measureServerTime`, `openInterest` (priority live) and
 * one bulk `markPrices` per tick; the store gets one `appendLive` per symbol per tick. At start the
 * data directory is read to notice the minutes missed while the collector was down. Events:
 * `tick-start`, `tick-done`, `gap-recorded`, `symbol-dropped`, `symbol-ended`, `server-offset`.
 */
export interface RunLiveTicksOptions
  extends EngineOptions<
    Pick<CollectorClient, 'measureServerTime' | 'openInterest' | 'markPrices' | 'budgets'>,
    Pick<CollectorStore, 'appendLive'>
  > {
  /**
   * The exchange clock (local time plus the offset measured with `serverTime`).
   * @default one created here, measured again every 10 min
   */
  readonly serverTime?: ServerTime;
  /** The request weight used in the current minute, for the summary. @default from the client's `budgets` */
  readonly weightUsed?: () => number | null | undefined;
  /** How far back to look at start for the last stored minute. @default 86_400_000 (1 day) */
  readonly downtimeLookbackMs?: number;
  /** Symbols written to the store at once. @default 16 */
  readonly writeConcurrency?: number;
  /**
   * The exchange's listings, read at every tick: a COIN-M contract's rows take its `contractSize`
   * and `baseAsset` from them (without them its value and unit columns stay empty).
   * @default none
   */
  readonly listings?: ReadonlyMap<string, ListedSymbol>;
}

/** What the ticks did. */
export interface LiveTicksResult {
  /** Ticks run. */
  readonly ticks: number;
  /** Rows written. */
  readonly rows: number;
  /** Symbol-minutes recorded as gaps. */
  readonly missedSlots: number;
}

/**
 * Takes a 1m snapshot of every symbol at each whole minute of the exchange's clock: all `openInterest`
 * requests at once plus one `markPrices`, each row stamped with the tick's server minute and the
 * exchange's own `time`, valued by liveOpenInterestValue ('' without a mark price; COIN-M contracts in
 * the base coin, with their unit columns from `listings`). A row
 * is written only when the exchange stamped it inside the tick's minute; every other symbol-minute,
 * and every minute without a tick, is reported as a 1m gap and never filled with a later value.
 */
export function runLiveTicks(options: RunLiveTicksOptions): Promise<LiveTicksResult> {
  return runLiveTicksOnRoster(createSymbolRoster(options.symbols, options.onEvent), options);
}

/** {@link runLiveTicks} over a roster other runners share: a symbol one of them drops, all leave out. */
export async function runLiveTicksOnRoster(
  roster: SymbolRoster,
  options: Omit<RunLiveTicksOptions, 'symbols'>,
): Promise<LiveTicksResult> {
  const { client, store, clock, signal, onEvent } = options;
  const readWeightUsed = options.weightUsed ?? (() => client.budgets?.snapshot().weight.used ?? null);
  const serverTime =
    options.serverTime ?? createServerTime({ client, clock, ...(onEvent === undefined ? {} : { onEvent }) });
  const writeLimit = pLimit(Math.max(1, options.writeConcurrency ?? 16));
  let ticks = 0;
  let rows = 0;
  let missedSlots = 0;

  const recordGap = (symbols: readonly string[], range: TimeRange, reason: MissedMinuteReason): void => {
    if (symbols.length === 0 || range.endMs <= range.startMs) return;
    const slots = (range.endMs - range.startMs) / MINUTE_MS;
    missedSlots += slots * symbols.length;
    onEvent?.({ type: 'gap-recorded', series: '1m', symbols, range, slots, reason });
  };

  await serverTime.refreshIfDue(signal);
  const startedAtMs = serverTime.nowMs();
  const lastStored = await readLastStoredMinutes(options, roster.live(startedAtMs), startedAtMs);

  /** Sleeps until the exchange clock reaches `targetMs`; false when stopped first. */
  const sleepUntilServer = async (targetMs: number): Promise<boolean> => {
    for (;;) {
      if (signal.aborted) return false;
      const remainingMs = targetMs - serverTime.nowMs();
      if (remainingMs <= 0) return true;
      try {
        await clock.sleep(remainingMs, signal);
      } catch {
        return false;
      }
    }
  };

  const runTick = async (minuteMs: number, hold: HoldScope): Promise<void> => {
    const startedMs = clock.now();
    const symbols = roster.live(minuteMs);
    onEvent?.({ type: 'tick-start', minuteMs, symbols: symbols.length });
    // The tick's requests end with its minute: a later answer could not be written anyway.
    const tickAbort = new AbortController();
    const stopTick = (): void => tickAbort.abort(signal.reason);
    signal.addEventListener('abort', stopTick, { once: true });
    const deadline = new AbortController();
    const deadlineLocalMs = minuteMs + MINUTE_MS - serverTime.offsetMs();
    clock.sleep(deadlineLocalMs - clock.now(), deadline.signal).then(
      () =>
        tickAbort.abort(
          new OiError(
            'TICK_MINUTE_ENDED',
            `tick of ${new Date(minuteMs).toISOString()} reached the end of its minute`,
          ),
        ),
      () => {},
    );
    const requestOptions = { priority: 'live' as const, signal: tickAbort.signal };
    const marks = client.markPrices(requestOptions).then(
      (list) => new Map(list.map((entry) => [entry.symbol, entry.markPrice])),
      () => undefined,
    );
    const lateSeen: string[] = [];
    const failedSeen: string[] = [];
    let written = 0;
    // Each row is written as soon as its answer (and the tick's mark prices) are in, so the disk
    // works while the slower answers are still on the way.
    const collectSymbol = async (symbol: string): Promise<void> => {
      let answer: Awaited<ReturnType<typeof client.openInterest>>;
      try {
        answer = await client.openInterest(symbol, requestOptions);
      } catch (error) {
        const failure = classifyFailure(error);
        // A symbol that stopped trading has ended: not a failure, and no minute of it is missed after.
        if (failure.reason === 'not-tradable') roster.end(symbol, minuteMs, describe(error));
        else if (failure.reason === 'invalid-symbol') {
          roster.drop(symbol, failure.reason, describe(error));
          failedSeen.push(symbol);
        } else if (tickAbort.signal.aborted && !signal.aborted) lateSeen.push(symbol);
        else failedSeen.push(symbol);
        return;
      }
      const { openInterest, timeMs } = answer;
      if (timeMs < minuteMs || timeMs >= minuteMs + MINUTE_MS) {
        lateSeen.push(symbol);
        return;
      }
      const markPrice = (await marks)?.get(symbol);
      const units = contractUnitsOf(symbol, options.listings?.get(symbol));
      const point: StorePoint = {
        slotMs: minuteMs,
        openInterest,
        openInterestValue: liveOpenInterestValue(openInterest, markPrice, units),
        extra: { markPrice: markPrice ?? '', exchangeTime: String(timeMs), ...units },
      };
      // A row waiting for its write keeps a virtual clock from moving on, as the requests' own holds do.
      const release = clock.hold();
      try {
        await writeLimit(async () => {
          try {
            await store.appendLive(symbol, point);
            written += 1;
          } catch {
            failedSeen.push(symbol);
          }
        });
      } finally {
        release();
      }
    };
    // The client and the simulator mark their own work; holding here would stop a virtual clock from
    // ever reaching the simulator's latency.
    hold.pause();
    await Promise.all(symbols.map(collectSymbol));
    const markBySymbol = await marks;
    hold.resume();
    deadline.abort();
    signal.removeEventListener('abort', stopTick);

    const slot = { startMs: minuteMs, endMs: minuteMs + MINUTE_MS };
    // Answers come in any order; reports list the symbols in the roster's order.
    const inRosterOrder = (list: readonly string[]): string[] => {
      const set = new Set(list);
      return symbols.filter((symbol) => set.has(symbol));
    };
    const late = inRosterOrder(lateSeen);
    const failed = inRosterOrder(failedSeen);
    recordGap(late, slot, 'late-response');
    recordGap(failed, slot, 'request-failed');
    ticks += 1;
    rows += written;
    const durationMs = clock.now() - startedMs;
    const failedSymbols = [...late, ...failed];
    const weightUsed = readWeightUsed() ?? null;
    const interrupted = signal.aborted;
    onEvent?.({
      type: 'tick-done',
      minuteMs,
      durationMs,
      rows: written,
      failures: failedSymbols.length,
      failedSymbols,
      markPriceMissing: markBySymbol === undefined,
      weightUsed,
      interrupted,
    });
    await options.batchSummary
      ?.append({
        timeMs: minuteMs,
        durationMs,
        symbols: symbols.length,
        succeeded: written,
        failed: failedSymbols.length,
        failedSymbols,
        weightUsed,
        interrupted,
      })
      .catch((error: unknown) => onEvent?.({ type: 'batch-summary-failed', error }));
  };

  let previousMinuteMs: number | undefined;
  while (!signal.aborted) {
    // The next tick is the minute after the previous one. When that boundary has already passed (a tick
    // cut off at the end of its minute, a suspended machine), the tick runs at once for the current
    // minute and the minutes in between become gaps.
    const boundaryMs =
      previousMinuteMs === undefined
        ? Math.floor(serverTime.nowMs() / MINUTE_MS) * MINUTE_MS + MINUTE_MS
        : previousMinuteMs + MINUTE_MS;
    if (!(await sleepUntilServer(boundaryMs - LIVE_LEAD_MS))) break;
    // Live priority starts shortly before the minute: the patrol's work in flight drains before the
    // tick's burst instead of during it, and the boundary finds the event loop idle.
    const endLive = beginLiveTick();
    try {
      if (!(await sleepUntilServer(boundaryMs))) break;
      const minuteMs = Math.floor(serverTime.nowMs() / MINUTE_MS) * MINUTE_MS;
      if (previousMinuteMs === undefined) {
        for (const [from, symbols] of groupDowntime(lastStored, minuteMs)) {
          recordGap(symbols, { startMs: from, endMs: minuteMs }, 'collector-down');
        }
      } else if (minuteMs > previousMinuteMs + MINUTE_MS) {
        const missed = { startMs: previousMinuteMs + MINUTE_MS, endMs: minuteMs };
        recordGap(roster.live(minuteMs), missed, 'missed-tick');
      }
      previousMinuteMs = minuteMs;
      // Held from the boundary until the next sleep, so a virtual clock cannot skip a boundary meanwhile.
      const hold = createHoldScope(clock);
      try {
        await runTick(minuteMs, hold);
      } finally {
        hold.end();
      }
    } finally {
      endLive();
    }
    // Measured after the tick, so a refresh never delays one.
    if (!signal.aborted) await serverTime.refreshIfDue(signal);
  }
  return { ticks, rows, missedSlots };
}

/** A hold on the clock that can be let go while waiting for others' work, and taken again. */
interface HoldScope {
  pause(): void;
  resume(): void;
  end(): void;
}

function createHoldScope(clock: Clock): HoldScope {
  let release: (() => void) | undefined = clock.hold();
  return {
    pause: () => {
      release?.();
      release = undefined;
    },
    resume: () => {
      release ??= clock.hold();
    },
    end: () => {
      release?.();
      release = undefined;
    },
  };
}

/** The last stored 1m slot per symbol within the lookback, to report the downtime before this run. */
async function readLastStoredMinutes(
  options: Omit<RunLiveTicksOptions, 'symbols'>,
  symbols: readonly string[],
  serverNowMs: number,
): Promise<Map<string, number>> {
  const readCoverage = options.coverage ?? storageCoverage;
  const range = { startMs: serverNowMs - (options.downtimeLookbackMs ?? 86_400_000), endMs: serverNowMs };
  const last = new Map<string, number>();
  const release = options.clock.hold();
  try {
    for (const symbol of symbols) {
      const present = await readCoverage(options.dataDir, symbol, '1m', range);
      const end = present.at(-1)?.endMs;
      if (end !== undefined) last.set(symbol, end);
    }
  } finally {
    release();
  }
  return last;
}

/** Symbols grouped by the first minute after their last stored row, where that is before `minuteMs`. */
function groupDowntime(lastStored: ReadonlyMap<string, number>, minuteMs: number): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  for (const [symbol, endMs] of lastStored) {
    if (endMs >= minuteMs) continue;
    groups.set(endMs, [...(groups.get(endMs) ?? []), symbol]);
  }
  return groups;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
