import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryPage } from './records.ts';
import { collectPages, type SimHarness, startSimHarness } from './test-support/sim-harness.ts';

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
});
