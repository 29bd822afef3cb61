import { readRows } from '@oi/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { scanGaps } from '../gaps/scan-gaps.ts';
import { startCoinMHarness } from '../test-support/coin-m-harness.ts';
import { type Harness, startHarness } from '../test-support/harness.ts';
import type { CollectorEvent } from './collector-event.ts';
import type { CollectorUniverse } from './collector-universe.ts';
import { listingsFrom } from './listings.ts';
import { listingsWithLifecycles, readSymbolLifecycles } from './listings-state.ts';
import { runCollector } from './run-collector.ts';

const MINUTE_MS = 60_000;
const SLOT_MS = 300_000;
// 20 minutes before the March 2026 quarterly delivery (last Friday, 08:00 UTC).
const START_MS = Date.UTC(2026, 2, 27, 7, 40, 20);
const DELIVERY_MS = Date.UTC(2026, 2, 27, 8, 0);
const QUARTERLY = 'BTCUSDT_260327';
const LISTED_AT_MS = Date.UTC(2026, 2, 27, 7, 47);
const DELISTED_AT_MS = Date.UTC(2026, 2, 27, 7, 55);
const REMOVED_AT_MS = Date.UTC(2026, 2, 27, 8, 10);

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function ofType<T extends CollectorEvent['type']>(
  events: readonly CollectorEvent[],
  type: T,
): Extract<CollectorEvent, { type: T }>[] {
  return events.filter((e): e is Extract<CollectorEvent, { type: T }> => e.type === type);
}

/** Every whole minute or 5m slot from `startMs` (inclusive) to `endMs` (exclusive). */
function slotsBetween(startMs: number, endMs: number, stepMs: number): number[] {
  const slots: number[] = [];
  for (let slotMs = Math.ceil(startMs / stepMs) * stepMs; slotMs < endMs; slotMs += stepMs)
    slots.push(slotMs);
  return slots;
}

/** A harness over a listing (FRESHUSDT), a delisting (DOGEUSDT) and the quarterly's delivery, and a 40-minute collector run. */
async function collectAcross(universe: CollectorUniverse) {
  harness = await startHarness({
    startMs: START_MS,
    listings: [{ symbol: 'FRESHUSDT', atMs: LISTED_AT_MS }],
    delistings: [{ symbol: 'DOGEUSDT', atMs: DELISTED_AT_MS, removeAtMs: REMOVED_AT_MS }],
  });
  const h = harness;
  const events: CollectorEvent[] = [];
  const initial = listingsFrom((await h.client.exchangeInfo()).symbols);
  const result = await runCollector({
    client: h.client,
    store: h.store,
    dataDir: h.dataDir,
    clock: h.clock,
    signal: new AbortController().signal,
    universe,
    listings: initial,
    readListings: async (signal) => (await h.client.exchangeInfo({ signal })).symbols,
    // One day of history keeps the patrol's first round short; the rules do not depend on its reach.
    api: { retentionMs: 86_400_000 },
    durationMs: 40 * MINUTE_MS,
    onEvent: (event) => events.push(event),
  });
  return { h, events, result, initial };
}

/** The 1m slots stored for `symbol` during the run. */
async function liveSlots(h: Harness, symbol: string): Promise<number[]> {
  const rows = await readRows(h.dataDir, symbol, '1m', {
    startMs: START_MS,
    endMs: h.clock.now() + MINUTE_MS,
  });
  return rows.map((row) => row.slotMs);
}

describe('runCollector following the universe', () => {
  it('with universe all, picks up a listing, ends a delisting and a quarterly delivery, and misses no other minute', async () => {
    const { h, events, result, initial } = await collectAcross({ kind: 'all', contracts: 'all' });
    const tickMinutes = ofType(events, 'tick-done').map((e) => e.minuteMs);
    expect(tickMinutes).toEqual(slotsBetween(START_MS, START_MS + 40 * MINUTE_MS, MINUTE_MS));
    const [start] = ofType(events, 'collector-start');
    expect(start?.symbols).toContain(QUARTERLY);
    expect(start?.symbols).toContain('DOGEUSDT');
    expect(start?.symbols).not.toContain('FRESHUSDT');
    expect(start?.symbols).not.toContain('DELISTEDUSDT');

    // The new listing: its first row is at the first whole minute after the read that showed it.
    const reads = ofType(events, 'listings-read').map((e) => e.timeMs);
    const seenAtMs = reads.find((timeMs) => timeMs >= LISTED_AT_MS)!;
    expect(h.sim.truth.symbolStateAt('FRESHUSDT', seenAtMs).listed).toBe(true);
    const fromMinuteMs = Math.floor(seenAtMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
    expect(ofType(events, 'symbol-listed')).toEqual([
      { type: 'symbol-listed', symbol: 'FRESHUSDT', onboardDateMs: LISTED_AT_MS, seenAtMs, fromMinuteMs },
    ]);
    expect(result.joinedSymbols).toEqual(['FRESHUSDT']);
    expect(await liveSlots(h, 'FRESHUSDT')).toEqual(tickMinutes.filter((m) => m >= fromMinuteMs));

    // The ended ones: reported once with their end, no live request from then on, no failure.
    expect(ofType(events, 'symbol-ended').map((e) => [e.symbol, e.endMs])).toEqual([
      ['DOGEUSDT', DELISTED_AT_MS],
      [QUARTERLY, DELIVERY_MS],
    ]);
    expect([...result.endedSymbols]).toEqual([
      ['DOGEUSDT', DELISTED_AT_MS],
      [QUARTERLY, DELIVERY_MS],
    ]);
    expect(ofType(events, 'symbol-dropped')).toEqual([]);
    for (const [symbol, endMs] of [
      ['DOGEUSDT', DELISTED_AT_MS],
      [QUARTERLY, DELIVERY_MS],
    ] as const) {
      const asked = h.sim.requests().filter((r) => r.query['symbol'] === symbol);
      expect(asked.filter((r) => r.path === '/fapi/v1/openInterest' && r.timeMs >= endMs)).toEqual([]);
      expect(asked.filter((r) => r.status !== 200)).toEqual([]);
      expect(await liveSlots(h, symbol)).toEqual(tickMinutes.filter((m) => m < endMs));
    }
    expect(ofType(events, 'tick-done').filter((e) => e.failures > 0)).toEqual([]);
    expect(ofType(events, 'gap-recorded')).toEqual([]);
    expect(result.missedSlots).toBe(0);

    // Every other symbol: every minute.
    for (const symbol of start?.symbols ?? []) {
      if (symbol === 'DOGEUSDT' || symbol === QUARTERLY) continue;
      expect(await liveSlots(h, symbol)).toEqual(tickMinutes);
    }

    // History: the new symbol's from its onboard date, the ended ones' up to their ends (the
    // delisted perpetual's snapshot at its delisting instant included; the quarterly's last is 07:55).
    const fresh = await readRows(h.dataDir, 'FRESHUSDT', '5m', { startMs: START_MS, endMs: h.clock.now() });
    const lastRound = ofType(events, 'patrol-start').at(-1)!.range;
    expect(fresh.map((row) => row.slotMs)).toEqual(slotsBetween(LISTED_AT_MS, lastRound.endMs, SLOT_MS));
    for (const [symbol, lastSlotMs] of [
      ['DOGEUSDT', DELISTED_AT_MS],
      [QUARTERLY, DELIVERY_MS - SLOT_MS],
    ] as const) {
      const rows = await readRows(h.dataDir, symbol, '5m', lastRound);
      expect(rows.map((row) => row.slotMs)).toEqual(slotsBetween(lastRound.startMs, lastSlotMs + 1, SLOT_MS));
      expect(rows.at(-1)?.openInterest).toBe(h.sim.truth.historyValuesAt(symbol, lastSlotMs).sumOpenInterest);
    }

    // Known offline: the state file says which symbols ended and when, and bounds `oi gaps` by it,
    // also for DOGEUSDT, which the exchange no longer lists.
    const lifecycles = await readSymbolLifecycles(h.dataDir);
    expect(lifecycles.get('DOGEUSDT')).toMatchObject({
      market: 'um',
      status: 'SETTLING',
      listed: false,
      endedAtMs: DELISTED_AT_MS,
    });
    expect(lifecycles.get(QUARTERLY)).toMatchObject({ endedAtMs: DELIVERY_MS, listed: true });
    expect(lifecycles.get(QUARTERLY)?.status).toMatch(/^DELIVER/);
    expect(lifecycles.get('FRESHUSDT')).toMatchObject({ status: 'TRADING', onboardDateMs: LISTED_AT_MS });
    const now = listingsFrom((await h.client.exchangeInfo()).symbols);
    expect(now.has('DOGEUSDT')).toBe(false);
    const symbols = [...(start?.symbols ?? []), 'FRESHUSDT'];
    const listings = listingsWithLifecycles(now, lifecycles);
    const live = await scanGaps({
      dataDir: h.dataDir,
      symbols,
      series: '1m',
      range: { startMs: tickMinutes[0]!, endMs: tickMinutes.at(-1)! + MINUTE_MS },
      nowMs: h.clock.now(),
      listings,
    });
    // Only the minutes between FRESHUSDT's listing and the read that showed it were not collected.
    expect(
      live.filter((report) => report.gaps.length > 0).map((r) => [r.symbol, r.gaps.map((g) => g.range)]),
    ).toEqual([['FRESHUSDT', [{ startMs: LISTED_AT_MS, endMs: fromMinuteMs }]]]);
    const history = await scanGaps({
      dataDir: h.dataDir,
      symbols,
      series: '5m',
      range: lastRound,
      nowMs: h.clock.now(),
      listings,
    });
    expect(history.filter((report) => report.gaps.length > 0)).toEqual([]);
    expect(initial.get('DOGEUSDT')?.deliveryDateMs).toBe(DELISTED_AT_MS);
  });

  it('applies the same rules to an explicit list: a symbol listed later joins, a settled one and a delisted one end', async () => {
    const symbols = ['BTCUSDT', 'FRESHUSDT', 'DOGEUSDT', 'DELISTEDUSDT'];
    const { h, events, result, initial } = await collectAcross({ kind: 'list', symbols });
    const settledMs = initial.get('DELISTEDUSDT')!.deliveryDateMs;
    expect(ofType(events, 'symbol-waiting')).toEqual([
      { type: 'symbol-waiting', symbol: 'FRESHUSDT', detail: 'not listed by exchangeInfo' },
    ]);
    const [listed] = ofType(events, 'symbol-listed');
    expect(listed).toMatchObject({ symbol: 'FRESHUSDT', onboardDateMs: LISTED_AT_MS });
    expect(ofType(events, 'symbol-ended').map((e) => [e.symbol, e.endMs, e.detail])).toEqual([
      ['DELISTEDUSDT', settledMs, 'status SETTLING'],
      ['DOGEUSDT', DELISTED_AT_MS, 'trading ended at 2026-03-27T07:55:00.000Z'],
    ]);
    expect(ofType(events, 'symbol-dropped')).toEqual([]);
    expect(result.missedSlots).toBe(0);
    const tickMinutes = ofType(events, 'tick-done').map((e) => e.minuteMs);
    expect(await liveSlots(h, 'BTCUSDT')).toEqual(tickMinutes);
    expect(await liveSlots(h, 'FRESHUSDT')).toEqual(tickMinutes.filter((m) => m >= listed!.fromMinuteMs));
    expect(await liveSlots(h, 'DELISTEDUSDT')).toEqual([]);
    const askedLive = (symbol: string) =>
      h.sim.requests().filter((r) => r.path === '/fapi/v1/openInterest' && r.query['symbol'] === symbol);
    expect(askedLive('DELISTEDUSDT')).toEqual([]);
    expect(askedLive('FRESHUSDT').every((r) => r.status === 200 && r.timeMs >= listed!.fromMinuteMs)).toBe(
      true,
    );
    const lifecycles = await readSymbolLifecycles(h.dataDir);
    expect(lifecycles.get('DELISTEDUSDT')).toMatchObject({ status: 'SETTLING', endedAtMs: settledMs });
    expect([...lifecycles.keys()].sort()).toEqual([...symbols].sort());
  });

  it('on COIN-M, ends the delivered quarterlies and picks up the ones that list at the delivery', async () => {
    const cm = await startCoinMHarness({
      startMs: START_MS,
      listings: [{ symbol: 'FRESHUSD_PERP', atMs: LISTED_AT_MS }],
      delistings: [{ symbol: 'DOGEUSD_PERP', atMs: DELISTED_AT_MS }],
    });
    harness = cm.h;
    const h = cm.h;
    const events: CollectorEvent[] = [];
    const result = await runCollector({
      client: cm.client,
      store: h.store,
      dataDir: h.dataDir,
      clock: h.clock,
      signal: new AbortController().signal,
      universe: { kind: 'all', contracts: 'all' },
      listings: listingsFrom((await cm.client.exchangeInfo()).symbols),
      readListings: async (signal) => (await cm.client.exchangeInfo({ signal })).symbols,
      api: { retentionMs: 86_400_000 },
      durationMs: 40 * MINUTE_MS,
      onEvent: (event) => events.push(event),
    });
    const [start] = ofType(events, 'collector-start');
    expect(start?.symbols).toEqual(expect.arrayContaining(['BTCUSD_260327', 'BTCUSD_260626', 'BTCUSD_PERP']));
    expect(ofType(events, 'symbol-ended').map((e) => [e.symbol, e.endMs])).toEqual([
      ['DOGEUSD_PERP', DELISTED_AT_MS],
      ['BTCUSD_260327', DELIVERY_MS],
      ['ETHUSD_260327', DELIVERY_MS],
    ]);
    const listed = ofType(events, 'symbol-listed');
    expect(listed.map((e) => [e.symbol, e.onboardDateMs])).toEqual([
      ['FRESHUSD_PERP', LISTED_AT_MS],
      ['BTCUSD_260925', DELIVERY_MS],
      ['ETHUSD_260925', DELIVERY_MS],
    ]);
    expect(result.missedSlots).toBe(0);
    expect(ofType(events, 'tick-done').filter((e) => e.failures > 0)).toEqual([]);
    const tickMinutes = ofType(events, 'tick-done').map((e) => e.minuteMs);
    for (const { symbol, fromMinuteMs } of listed) {
      expect(await liveSlots(h, symbol)).toEqual(tickMinutes.filter((m) => m >= fromMinuteMs));
    }
    expect(await liveSlots(h, 'BTCUSD_260327')).toEqual(tickMinutes.filter((m) => m < DELIVERY_MS));
    expect(await liveSlots(h, 'BTCUSD_260626')).toEqual(tickMinutes);
    expect(h.sim.requests().filter((r) => r.path === '/dapi/v1/openInterest' && r.status !== 200)).toEqual(
      [],
    );
    // The new quarterly's history starts at its listing, the delivered one's ends before its delivery.
    const lastRound = ofType(events, 'patrol-start').at(-1)!.range;
    const next = await readRows(h.dataDir, 'BTCUSD_260925', '5m', lastRound);
    expect(next.map((row) => row.slotMs)).toEqual(slotsBetween(DELIVERY_MS, lastRound.endMs, SLOT_MS));
    const delivered = await readRows(h.dataDir, 'BTCUSD_260327', '5m', lastRound);
    expect(delivered.at(-1)?.slotMs).toBe(DELIVERY_MS - SLOT_MS);
    expect(delivered).toHaveLength((DELIVERY_MS - lastRound.startMs) / SLOT_MS);
    const doge = await readRows(h.dataDir, 'DOGEUSD_PERP', '5m', lastRound);
    expect(doge.at(-1)?.slotMs).toBe(DELISTED_AT_MS);
    expect(doge).toHaveLength((DELISTED_AT_MS - lastRound.startMs) / SLOT_MS + 1);
    expect((await readSymbolLifecycles(h.dataDir)).get('BTCUSD_260327')).toMatchObject({
      market: 'cm',
      endedAtMs: DELIVERY_MS,
    });
  });

  it('after a restart, completes the history of a followed symbol that was delisted while it was down', async () => {
    harness = await startHarness({
      startMs: START_MS,
      delistings: [{ symbol: 'DOGEUSDT', atMs: DELISTED_AT_MS }],
    });
    const h = harness;
    const run = async (durationMs: number) => {
      const events: CollectorEvent[] = [];
      await runCollector({
        client: h.client,
        store: h.store,
        dataDir: h.dataDir,
        clock: h.clock,
        signal: new AbortController().signal,
        universe: { kind: 'all', contracts: 'perpetual' },
        listings: listingsFrom((await h.client.exchangeInfo()).symbols),
        readListings: async (signal) => (await h.client.exchangeInfo({ signal })).symbols,
        api: { retentionMs: 86_400_000 },
        durationMs,
        onEvent: (event) => events.push(event),
      });
      return events;
    };
    await run(10 * MINUTE_MS);
    await h.store.close();
    await h.clock.sleep(DELISTED_AT_MS + 10 * MINUTE_MS - h.clock.now());
    await h.reopenStore();
    const events = await run(10 * MINUTE_MS);
    expect(ofType(events, 'collector-start')[0]?.symbols).not.toContain('DOGEUSDT');
    expect(ofType(events, 'symbol-ended')).toEqual([
      { type: 'symbol-ended', symbol: 'DOGEUSDT', endMs: DELISTED_AT_MS, detail: 'status SETTLING' },
    ]);
    const lastRound = ofType(events, 'patrol-start').at(-1)!.range;
    const rows = await readRows(h.dataDir, 'DOGEUSDT', '5m', lastRound);
    expect(rows.map((row) => row.slotMs)).toEqual(
      slotsBetween(lastRound.startMs, DELISTED_AT_MS + 1, SLOT_MS),
    );
  });

  it('keeps collecting on the last listings when a read fails, and reports each failure', async () => {
    harness = await startHarness();
    const h = harness;
    const events: CollectorEvent[] = [];
    const result = await runCollector({
      client: h.client,
      store: h.store,
      dataDir: h.dataDir,
      clock: h.clock,
      signal: new AbortController().signal,
      symbols: ['BTCUSDT', 'ETHUSDT'],
      listings: h.listings,
      readListings: () => Promise.reject(new Error('exchangeInfo unreachable')),
      listingsIntervalMs: 2 * MINUTE_MS,
      durationMs: 9 * MINUTE_MS,
      onEvent: (event) => events.push(event),
    });
    expect(ofType(events, 'listings-read-failed').map((e) => String(e.error))).toEqual([
      'Error: exchangeInfo unreachable',
      'Error: exchangeInfo unreachable',
      'Error: exchangeInfo unreachable',
      'Error: exchangeInfo unreachable',
    ]);
    expect(result).toMatchObject({ stopReason: 'duration', ticks: 9, rows: 18, missedSlots: 0 });
    expect(result.endedSymbols.size).toBe(0);
  });
});
