import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryPage, OpenInterestHistoryRow } from '../parse/records.ts';
import { collectPages, type SimHarness, startSimHarness } from '../test-support/sim-harness.ts';

const SLOT_MS = 300_000;
const DAY_MS = 86_400_000;
// Ten days after the December 2026 quarterly delivery: the API's 30 days span the roll.
const ROLL_MS = Date.parse('2026-12-25T08:00:00Z');
const NOW_MS = ROLL_MS + 10 * DAY_MS + 4 * 3_600_000 + 30_000;

let harness: SimHarness;
beforeAll(async () => {
  harness = await startSimHarness({}, { market: 'cm' }, NOW_MS);
});
afterAll(() => harness.close());

/** The slots the API serves now, from the retention wall (plus the client's margin) to the newest published. */
function servableSlots(): number[] {
  const nowMs = harness.sim.serverTimeMs();
  const firstMs = Math.ceil((nowMs - 30 * DAY_MS + 5 * 60_000) / SLOT_MS) * SLOT_MS;
  const slots: number[] = [];
  for (let slotMs = firstMs; slotMs + 6000 <= nowMs; slotMs += SLOT_MS) slots.push(slotMs);
  return slots;
}

/** Pages `symbol`'s last 35 days (every servable slot and some beyond the wall); checks they tile the range. */
async function pageHistory(
  symbol: string,
): Promise<{ pages: HistoryPage[]; rows: OpenInterestHistoryRow[] }> {
  harness.sim.clearLog();
  const endMs = servableSlots().at(-1)! + SLOT_MS;
  const startMs = endMs - 35 * DAY_MS;
  const pages = await collectPages(
    harness.client.openInterestHistoryPages({ symbol, period: '5m', startMs, endMs }),
  );
  expect(pages[0]?.range.startMs).toBe(startMs);
  expect(pages.at(-1)?.range.endMs).toBe(endMs);
  for (let i = 1; i < pages.length; i++) expect(pages[i]?.range.startMs).toBe(pages[i - 1]?.range.endMs);
  return { pages, rows: pages.flatMap((page) => (page.kind === 'rows' ? [...page.rows] : [])) };
}

/** Every row is the contract's own snapshot, labelled with the contract. */
function expectTruth(symbol: string, rows: readonly OpenInterestHistoryRow[]): void {
  for (const row of rows) {
    expect(row).toEqual({
      symbol,
      timestampMs: row.timestampMs,
      ...harness.sim.truth.coinMHistoryValuesAt(symbol, row.timestampMs),
    });
  }
}

function historyRequests(): { contractType: string | undefined; startMs: number; endMs: number }[] {
  return harness.sim
    .requests()
    .filter((entry) => entry.endpoint === 'dapiOpenInterestHist')
    .map((entry) => {
      expect(entry.status).toBe(200);
      expect(entry.query['pair']).toBe('BTCUSD');
      expect(entry.query['symbol']).toBeUndefined();
      return {
        contractType: entry.query['contractType'],
        startMs: Number(entry.query['startTime']),
        endMs: Number(entry.query['endTime']) + 1,
      };
    });
}

describe('COIN-M history by contract across a quarterly roll', () => {
  it('gives the delivered quarterly its own rows up to the slot before its delivery, and nothing after', async () => {
    const { pages, rows } = await pageHistory('BTCUSD_261225');
    expect(rows.map((row) => row.timestampMs)).toEqual(servableSlots().filter((slotMs) => slotMs < ROLL_MS));
    expectTruth('BTCUSD_261225', rows);
    expect(rows.at(-1)?.timestampMs).toBe(ROLL_MS - SLOT_MS);
    // After the delivery the contract holds no role: empty pages, and no request for them.
    const afterDelivery = pages.filter((page) => page.range.startMs >= ROLL_MS);
    expect(afterDelivery.length).toBeGreaterThan(0);
    expect(afterDelivery.every((page) => page.kind === 'rows' && page.rows.length === 0)).toBe(true);
    const requests = historyRequests();
    expect(requests.every((request) => request.contractType === 'CURRENT_QUARTER')).toBe(true);
    expect(Math.max(...requests.map((request) => request.endMs))).toBe(ROLL_MS);
  });

  it('stitches the next quarterly from NEXT_QUARTER before the roll and CURRENT_QUARTER from it', async () => {
    const { rows } = await pageHistory('BTCUSD_270326');
    expect(rows.map((row) => row.timestampMs)).toEqual(servableSlots());
    expectTruth('BTCUSD_270326', rows);
    for (const request of historyRequests()) {
      const role = request.endMs <= ROLL_MS ? 'NEXT_QUARTER' : 'CURRENT_QUARTER';
      expect(request.contractType).toBe(role);
      if (role === 'CURRENT_QUARTER') expect(request.startMs).toBeGreaterThanOrEqual(ROLL_MS);
    }
    // The roll is a page boundary: no request spans it.
    expect(historyRequests().some((request) => request.endMs === ROLL_MS)).toBe(true);
  });

  it('starts the newly listed quarterly at the roll: before it, before-listing without a request', async () => {
    const { pages, rows } = await pageHistory('BTCUSD_270625');
    expect(pages[0]).toMatchObject({ kind: 'before-listing', range: { endMs: ROLL_MS } });
    expect(rows[0]?.timestampMs).toBe(ROLL_MS);
    expect(rows.map((row) => row.timestampMs)).toEqual(servableSlots().filter((slotMs) => slotMs >= ROLL_MS));
    expectTruth('BTCUSD_270625', rows);
    const requests = historyRequests();
    expect(requests.every((request) => request.contractType === 'NEXT_QUARTER')).toBe(true);
    expect(Math.min(...requests.map((request) => request.startMs))).toBe(ROLL_MS);
  });

  it('gives the perpetual every servable slot of PERPETUAL', async () => {
    const { pages, rows } = await pageHistory('BTCUSD_PERP');
    expect(rows.map((row) => row.timestampMs)).toEqual(servableSlots());
    expectTruth('BTCUSD_PERP', rows);
    expect(pages[0]?.kind).toBe('beyond-retention');
    expect(historyRequests().every((request) => request.contractType === 'PERPETUAL')).toBe(true);
    expect(historyRequests()).toHaveLength(Math.ceil(servableSlots().length / 500));
  });

  it('answers one page across the roll with the contract rows of both roles', async () => {
    const rows = await harness.client.openInterestHistory({
      symbol: 'BTCUSD_270326',
      period: '5m',
      startTimeMs: ROLL_MS - 3 * SLOT_MS,
      endTimeMs: ROLL_MS + 2 * SLOT_MS,
    });
    expect(rows.map((row) => (row.timestampMs - ROLL_MS) / SLOT_MS)).toEqual([-3, -2, -1, 0, 1, 2]);
    expectTruth('BTCUSD_270326', rows);
  });
});
