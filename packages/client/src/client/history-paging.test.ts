import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryPage } from '../parse/records.ts';
import { collectPages, type SimHarness, startSimHarness } from '../test-support/sim-harness.ts';

const SLOT_MS = 300_000;
const DAY_MS = 86_400_000;

let harness: SimHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** The newest slot the simulator has published (rows appear 6 s after their label). */
function newestPublishedSlot(serverNowMs: number): number {
  return Math.floor((serverNowMs - 6000) / SLOT_MS) * SLOT_MS;
}

function expectContiguous(pages: readonly HistoryPage[], startMs: number, endMs: number): void {
  expect(pages[0]?.range.startMs).toBe(startMs);
  expect(pages.at(-1)?.range.endMs).toBe(endMs);
  for (let i = 1; i < pages.length; i++) expect(pages[i]?.range.startMs).toBe(pages[i - 1]?.range.endMs);
}

describe('openInterestHistoryPages against the simulator', () => {
  it('fetches 30 days of 5m in exactly 18 requests, every servable slot once, byte-equal', async () => {
    harness = await startSimHarness();
    const { sim, client } = harness;
    const endMs = newestPublishedSlot(sim.serverTimeMs()) + SLOT_MS;
    const startMs = endMs - 30 * DAY_MS;
    const pages = await collectPages(
      client.openInterestHistoryPages({ symbol: 'BTCUSDT', period: '5m', startMs, endMs }),
    );

    const histRequests = sim.requests().filter((entry) => entry.path === '/futures/data/openInterestHist');
    expect(histRequests).toHaveLength(18);
    for (const entry of histRequests) {
      expect(entry.status).toBe(200);
      expect(entry.query['startTime']).toBeDefined();
      expect(entry.query['endTime']).toBeDefined();
      expect(Number(entry.query['endTime']) - Number(entry.query['startTime'])).toBeLessThanOrEqual(
        500 * SLOT_MS - 1,
      );
    }
    expectContiguous(pages, startMs, endMs);

    const rows = pages.flatMap((page) => (page.kind === 'rows' ? page.rows : []));
    const wallMs = sim.serverTimeMs() - 30 * DAY_MS;
    const servable: number[] = [];
    for (let slot = startMs; slot < endMs; slot += SLOT_MS)
      if (slot >= wallMs + 5 * 60_000) servable.push(slot);
    expect(rows.map((row) => row.timestampMs)).toEqual(servable);
    for (const row of rows) {
      const truth = sim.truth.historyRow('BTCUSDT', '5m', row.timestampMs);
      expect(truth).toBeDefined();
      expect(row.sumOpenInterest).toBe(truth?.sumOpenInterest);
      expect(row.sumOpenInterestValue).toBe(truth?.sumOpenInterestValue);
      expect(row.cmcCirculatingSupply).toBe(truth?.CMCCirculatingSupply);
    }
    const beyond = pages.filter((page) => page.kind === 'beyond-retention');
    expect(beyond).toHaveLength(1);
    expect(beyond[0]?.range.startMs).toBe(startMs);
  });

  it('yields the part before listing without a request and fetches the rest', async () => {
    harness = await startSimHarness();
    const { sim, client } = harness;
    const listing = sim.universe.find((symbol) => symbol.role === 'new-listing');
    if (listing === undefined) throw new Error('the simulator has no newly listed symbol');
    const endMs = newestPublishedSlot(sim.serverTimeMs()) + SLOT_MS;
    const startMs = endMs - 10 * DAY_MS;
    const pages = await collectPages(
      client.openInterestHistoryPages({
        symbol: listing.symbol,
        period: '5m',
        startMs,
        endMs,
        listedAtMs: listing.onboardDateMs,
      }),
    );
    expectContiguous(pages, startMs, endMs);
    expect(pages[0]).toEqual({ kind: 'before-listing', range: { startMs, endMs: listing.onboardDateMs } });
    const rows = pages.flatMap((page) => (page.kind === 'rows' ? page.rows : []));
    const expectedSlots = (endMs - listing.onboardDateMs) / SLOT_MS;
    expect(rows).toHaveLength(expectedSlots);
    expect(rows[0]?.timestampMs).toBe(listing.onboardDateMs);
    const requests = sim.requests();
    expect(requests).toHaveLength(Math.ceil(expectedSlots / 500));
    expect(requests.every((entry) => Number(entry.query['startTime']) >= listing.onboardDateMs)).toBe(true);
  });

  it('turns a -1130 from a wall that moved into beyond-retention and goes on, asking each window once', async () => {
    harness = await startSimHarness({}, { historyRetentionMs: 32 * DAY_MS, retentionMarginMs: 0 });
    const { sim, client, events } = harness;
    const endMs = newestPublishedSlot(sim.serverTimeMs()) + SLOT_MS;
    const startMs = endMs - 32 * DAY_MS;
    const pages = await collectPages(
      client.openInterestHistoryPages({ symbol: 'ETHUSDT', period: '5m', startMs, endMs }),
    );
    expectContiguous(pages, startMs, endMs);
    const log = sim.requests();
    // 32 days are 9216 slots: 19 windows, each asked exactly once.
    expect(log).toHaveLength(19);
    expect(new Set(log.map((entry) => entry.query['startTime'])).size).toBe(19);
    const refused = log.filter((entry) => entry.status === 400);
    expect(refused.length).toBeGreaterThan(0);
    expect(pages.filter((page) => page.kind === 'beyond-retention')).toHaveLength(refused.length);
    expect(events.filter((event) => event.type === 'retry')).toHaveLength(0);
    const rows = pages.flatMap((page) => (page.kind === 'rows' ? page.rows : []));
    for (const row of rows) {
      expect(row.sumOpenInterest).toBe(
        sim.truth.historyRow('ETHUSDT', '5m', row.timestampMs)?.sumOpenInterest,
      );
    }
  });

  it('sends both bounds on every request, so the lone-startTime quirk cannot hit, and keeps bounds inclusive', async () => {
    harness = await startSimHarness();
    const { sim, client } = harness;
    const lastSlot = newestPublishedSlot(sim.serverTimeMs());
    const rows = await client.openInterestHistory({
      symbol: 'BTCUSDT',
      period: '5m',
      startTimeMs: lastSlot - 10 * SLOT_MS,
      endTimeMs: lastSlot - 5 * SLOT_MS,
    });
    expect(rows.map((row) => row.timestampMs)).toEqual(
      Array.from({ length: 6 }, (_, i) => lastSlot - (10 - i) * SLOT_MS),
    );
    const [entry] = sim.requests();
    expect(entry?.query).toMatchObject({
      symbol: 'BTCUSDT',
      period: '5m',
      limit: '500',
      startTime: String(lastSlot - 10 * SLOT_MS),
      endTime: String(lastSlot - 5 * SLOT_MS),
    });
  });

  it('yields nothing but beyond-retention for a range older than the wall, without a request', async () => {
    harness = await startSimHarness();
    const { sim, client } = harness;
    const endMs = Math.floor((sim.serverTimeMs() - 40 * DAY_MS) / SLOT_MS) * SLOT_MS;
    const pages = await collectPages(
      client.openInterestHistoryPages({ symbol: 'BTCUSDT', period: '5m', startMs: endMs - DAY_MS, endMs }),
    );
    expect(pages).toEqual([{ kind: 'beyond-retention', range: { startMs: endMs - DAY_MS, endMs } }]);
    expect(sim.requests()).toHaveLength(0);
  });
});
