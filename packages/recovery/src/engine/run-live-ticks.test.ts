import type { Clock } from '@oi/retry';
import { readRows } from '@oi/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../test-support/harness.ts';
import type { CollectorEvent } from './collector-event.ts';
import { liveTicksRunning } from './live-priority.ts';
import { multiplyDecimals } from './multiply-decimals.ts';
import { runBackfill } from './run-backfill.ts';
import { runLiveTicks } from './run-live-ticks.ts';

const MINUTE_MS = 60_000;
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Runs the ticker for `durationMs` of virtual time on the harness clock (or a wrapper of it). */
async function tickFor(
  h: Harness,
  symbols: readonly string[],
  durationMs: number,
  makeClock: (stopSignal: AbortSignal) => Clock = () => h.clock,
): Promise<{ events: CollectorEvent[]; result: Awaited<ReturnType<typeof runLiveTicks>>; startMs: number }> {
  const events: CollectorEvent[] = [];
  const stop = new AbortController();
  const startMs = h.clock.now();
  void h.clock.sleep(durationMs).then(() => stop.abort());
  const result = await runLiveTicks({
    client: h.client,
    store: h.store,
    dataDir: h.dataDir,
    symbols,
    clock: makeClock(stop.signal),
    signal: stop.signal,
    onEvent: (event) => events.push(event),
  });
  return { events, result, startMs };
}

function ofType<T extends CollectorEvent['type']>(
  events: readonly CollectorEvent[],
  type: T,
): Extract<CollectorEvent, { type: T }>[] {
  return events.filter((e): e is Extract<CollectorEvent, { type: T }> => e.type === type);
}

describe('runLiveTicks', () => {
  it('writes one row per symbol per whole minute for 3 hours, with the exchange values and time', async () => {
    harness = await startHarness({ extraSymbols: 4 });
    const h = harness;
    const symbols = h.sim.universe
      .filter(
        (s) => s.status === 'TRADING' && (s.role === 'default' || s.role === 'usdc' || s.role === 'extra'),
      )
      .map((s) => s.symbol);
    expect(symbols).toHaveLength(20);
    const { events, result, startMs } = await tickFor(h, symbols, 3 * 60 * MINUTE_MS);
    expect(result.ticks).toBe(180);
    expect(result.rows).toBe(180 * 20);
    expect(ofType(events, 'gap-recorded')).toEqual([]);
    // Without a `weightUsed` option, the weight comes from the client's own budgets.
    expect(ofType(events, 'tick-done').every((e) => e.weightUsed !== null && e.weightUsed > 0)).toBe(true);
    const firstSlotMs = Math.ceil(startMs / MINUTE_MS) * MINUTE_MS;
    for (const symbol of symbols) {
      const rows = await readRows(h.dataDir, symbol, '1m', { startMs, endMs: h.clock.now() });
      expect(rows.map((r) => r.slotMs)).toEqual(
        Array.from({ length: 180 }, (_, i) => firstSlotMs + i * MINUTE_MS),
      );
      for (const row of rows) {
        const exchangeTimeMs = Number(row.extra?.['exchangeTime']);
        expect(Math.floor(exchangeTimeMs / MINUTE_MS) * MINUTE_MS).toBe(row.slotMs);
        expect(row.openInterest).toBe(h.sim.truth.openInterestAt(symbol, exchangeTimeMs));
        const markPrice = h.sim.truth.markPriceAt(symbol, exchangeTimeMs);
        expect(row.extra?.['markPrice']).toBe(markPrice);
        expect(row.openInterestValue).toBe(multiplyDecimals(row.openInterest, markPrice));
      }
    }
  });

  it('finishes every tick of 500 symbols inside its minute while a backfill runs, live never waiting', async () => {
    harness = await startHarness({ extraSymbols: 500, latency: { baseMs: 30, jitterMs: 0 } });
    const h = harness;
    const symbols = h.sim.universe.filter((s) => s.role === 'extra').map((s) => s.symbol);
    expect(symbols).toHaveLength(500);
    const stop = new AbortController();
    const startMs = h.clock.now();
    const backfill = runBackfill({
      client: h.client,
      store: h.store,
      dataDir: h.dataDir,
      symbols: ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'SOLUSDT'],
      range: { startMs: startMs - 30 * 24 * 60 * MINUTE_MS, endMs: startMs },
      clock: h.clock,
      listings: h.listings,
      signal: stop.signal,
      concurrency: 4,
    });
    const { events } = await tickFor(h, symbols, 3 * MINUTE_MS);
    stop.abort();
    const backfilled = await backfill;
    const ticks = ofType(events, 'tick-done');
    expect(ticks).toHaveLength(3);
    for (const tick of ticks) {
      expect(tick.rows).toBe(500);
      expect(tick.failures).toBe(0);
      expect(tick.durationMs).toBeLessThan(MINUTE_MS);
    }
    // The backfill really ran alongside the ticks.
    expect(backfilled.requests).toBeGreaterThan(10);
    const liveWaits = h.clientEvents.filter((e) => e.type === 'rate-wait' && e.priority === 'live');
    expect(liveWaits).toEqual([]);
    // Every live request reached the exchange within the first second of its minute.
    const live = h.sim.requests().filter((r) => r.path === '/fapi/v1/openInterest');
    expect(live).toHaveLength(1500);
    for (const request of live) expect(request.timeMs % MINUTE_MS).toBeLessThan(1000);
  });

  it("writes each row as its answer comes, not after the tick's slowest answer", async () => {
    harness = await startHarness();
    const h = harness;
    const slowMs = 20_000;
    const written = new Map<string, number>();
    const stop = new AbortController();
    void h.clock.sleep(90_000).then(() => stop.abort());
    const result = await runLiveTicks({
      client: {
        measureServerTime: (options) => h.client.measureServerTime(options),
        markPrices: (options) => h.client.markPrices(options),
        budgets: h.client.budgets,
        openInterest: async (symbol, options) => {
          if (symbol === 'ETHUSDT') await h.clock.sleep(slowMs, options?.signal);
          return h.client.openInterest(symbol, options);
        },
      },
      store: {
        appendLive: async (symbol, point) => {
          const outcome = await h.store.appendLive(symbol, point);
          if (!written.has(symbol)) written.set(symbol, h.clock.now() - point.slotMs);
          return outcome;
        },
      },
      dataDir: h.dataDir,
      symbols: ['BTCUSDT', 'ETHUSDT'],
      clock: h.clock,
      signal: stop.signal,
    });
    expect(result.rows).toBeGreaterThanOrEqual(2);
    expect(written.get('BTCUSDT')).toBeLessThan(1000);
    expect(written.get('ETHUSDT')).toBeGreaterThanOrEqual(slowMs);
  });

  it('gives live priority from 250 ms before each minute until its rows are written', async () => {
    harness = await startHarness();
    const h = harness;
    // The second boundary: the first tick may start within the lead of the run's start.
    const boundaryMs = (Math.floor(h.clock.now() / MINUTE_MS) + 2) * MINUTE_MS;
    const events: CollectorEvent[] = [];
    const seen: { atMs: number; priority: boolean }[] = [];
    let tickDoneBeforeWaitEnded: boolean | undefined;
    const probe = (async () => {
      for (const beforeMs of [400, 260, 240, 10]) {
        await h.clock.sleep(boundaryMs - beforeMs - h.clock.now());
        seen.push({ atMs: h.clock.now() - boundaryMs, priority: liveTicksRunning() !== undefined });
      }
      await liveTicksRunning();
      tickDoneBeforeWaitEnded = ofType(events, 'tick-done').some((e) => e.minuteMs === boundaryMs);
    })();
    const stop = new AbortController();
    void h.clock.sleep(boundaryMs + 30_000 - h.clock.now()).then(() => stop.abort());
    await runLiveTicks({
      client: h.client,
      store: h.store,
      dataDir: h.dataDir,
      symbols: ['BTCUSDT', 'ETHUSDT'],
      clock: h.clock,
      signal: stop.signal,
      onEvent: (event) => events.push(event),
    });
    await probe;
    expect(seen).toEqual([
      { atMs: -400, priority: false },
      { atMs: -260, priority: false },
      { atMs: -240, priority: true },
      { atMs: -10, priority: true },
    ]);
    expect(ofType(events, 'tick-done').find((e) => e.minuteMs === boundaryMs)?.rows).toBe(2);
    // Patrol work that waited in the lead goes on once the tick's rows are written.
    expect(tickDoneBeforeWaitEnded).toBe(true);
  });

  it('stamps rows with the server minute when the server clock is 2.5 s ahead', async () => {
    harness = await startHarness({ serverClockOffsetMs: 2500 });
    const h = harness;
    const { events, startMs } = await tickFor(h, ['BTCUSDT', 'ETHUSDT'], 10 * MINUTE_MS);
    expect(events.find((e) => e.type === 'server-offset')).toMatchObject({ offsetMs: 2500 });
    const rows = await readRows(h.dataDir, 'BTCUSDT', '1m', {
      startMs: startMs - MINUTE_MS,
      endMs: h.clock.now() + MINUTE_MS,
    });
    expect(rows).toHaveLength(10);
    for (const row of rows) {
      const exchangeTimeMs = Number(row.extra?.['exchangeTime']);
      expect(row.slotMs % MINUTE_MS).toBe(0);
      // The tick fired at the server's boundary: the local clock still showed the previous minute.
      expect(exchangeTimeMs - row.slotMs).toBeGreaterThanOrEqual(0);
      expect(exchangeTimeMs - row.slotMs).toBeLessThan(1000);
      expect(Math.floor((exchangeTimeMs - 2500) / MINUTE_MS) * MINUTE_MS).toBe(row.slotMs - MINUTE_MS);
    }
  });

  it('records the minutes of a suspension as a 1m gap, never as late rows', async () => {
    harness = await startHarness();
    const h = harness;
    // A suspended machine: the ticker's fourth wait for a minute boundary wakes 10 minutes late.
    let waits = 0;
    const suspending = (stopSignal: AbortSignal): Clock => ({
      now: () => h.clock.now(),
      hold: () => h.clock.hold(),
      sleep: (ms, signal) => {
        const late = signal === stopSignal && ++waits === 4;
        return h.clock.sleep(late ? ms + 10 * MINUTE_MS : ms, signal);
      },
    });
    const { events, startMs } = await tickFor(h, ['BTCUSDT'], 20 * MINUTE_MS, suspending);
    const gaps = ofType(events, 'gap-recorded');
    expect(gaps).toHaveLength(1);
    const gap = gaps[0]!;
    expect(gap).toMatchObject({ series: '1m', symbols: ['BTCUSDT'], reason: 'missed-tick', slots: 10 });
    const rows = await readRows(h.dataDir, 'BTCUSDT', '1m', { startMs, endMs: h.clock.now() });
    expect(rows).toHaveLength(10);
    expect(rows.filter((r) => r.slotMs >= gap.range.startMs && r.slotMs < gap.range.endMs)).toEqual([]);
    for (const row of rows) {
      expect(Math.floor(Number(row.extra?.['exchangeTime']) / MINUTE_MS) * MINUTE_MS).toBe(row.slotMs);
    }
  });

  it('leaves the value empty, never invented, when the mark price request fails', async () => {
    harness = await startHarness();
    const h = harness;
    h.sim.forceResponses({
      path: '/fapi/v1/premiumIndex',
      status: 400,
      code: -1130,
      msg: 'forced',
      count: 1,
    });
    const { events, startMs } = await tickFor(h, ['BTCUSDT'], 2 * MINUTE_MS);
    expect(ofType(events, 'tick-done').map((e) => e.markPriceMissing)).toEqual([true, false]);
    const rows = await readRows(h.dataDir, 'BTCUSDT', '1m', { startMs, endMs: h.clock.now() });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ openInterestValue: '', extra: { markPrice: '' } });
    expect(rows[0]?.openInterest).not.toBe('');
    expect(rows[1]?.openInterestValue).not.toBe('');
  });

  it('ends a delisted symbol and drops an invalid one, each reported once and not asked again', async () => {
    harness = await startHarness();
    const h = harness;
    const { events, result } = await tickFor(h, ['BTCUSDT', 'DELISTEDUSDT', 'NOPEUSDT'], 5 * MINUTE_MS);
    expect(ofType(events, 'symbol-dropped').map((e) => [e.symbol, e.reason])).toEqual([
      ['NOPEUSDT', 'invalid-symbol'],
    ]);
    // Refused as not tradable: it has ended, which is neither a failure nor a missed minute.
    const [first] = ofType(events, 'tick-done');
    expect(ofType(events, 'symbol-ended').map((e) => [e.symbol, e.endMs])).toEqual([
      ['DELISTEDUSDT', first?.minuteMs],
    ]);
    expect(ofType(events, 'tick-done').flatMap((e) => e.failedSymbols)).toEqual(['NOPEUSDT']);
    expect(ofType(events, 'gap-recorded').flatMap((e) => e.symbols)).toEqual(['NOPEUSDT']);
    const asked = (symbol: string) =>
      h.sim.requests().filter((r) => r.path === '/fapi/v1/openInterest' && r.query['symbol'] === symbol)
        .length;
    expect(asked('DELISTEDUSDT')).toBe(1);
    expect(asked('NOPEUSDT')).toBe(1);
    expect(asked('BTCUSDT')).toBe(5);
    expect(result.rows).toBe(5);
  });

  it('records the downtime since the last stored row when it starts again', async () => {
    harness = await startHarness();
    const h = harness;
    await tickFor(h, ['BTCUSDT'], 5 * MINUTE_MS);
    await h.clock.sleep(17 * MINUTE_MS);
    const { events } = await tickFor(h, ['BTCUSDT'], 3 * MINUTE_MS);
    const [gap, ...others] = ofType(events, 'gap-recorded');
    expect(others).toEqual([]);
    expect(gap).toMatchObject({ reason: 'collector-down', symbols: ['BTCUSDT'] });
    expect(gap!.slots).toBeGreaterThanOrEqual(17);
    expect(gap!.slots).toBeLessThanOrEqual(18);
  });
});
