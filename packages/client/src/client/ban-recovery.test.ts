// A server stricter than the client assumes: it bans on the first request after a 429. The client
// must wait the bans out, send the failed pages again and learn a lower rate: no page is lost.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryPage } from '../parse/records.ts';
import { collectPages, type SimHarness, startSimHarness } from '../test-support/sim-harness.ts';

const SLOT_MS = 300_000;
const DAY_MS = 86_400_000;

let harness: SimHarness | undefined;
let dir: string | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('bans are waited out and no page is dropped', () => {
  it('3 symbols x 29 days complete with every row exact against a server that bans on the first request after a 429 (4 s bans, doubling)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'oi-ban-recovery-'));
    harness = await startSimHarness(
      {
        limits: {
          historyRequestsPerWindow: 20,
          historyWindowMs: 10_000,
          requestsAfter429BeforeBan: 0,
          banMs: 4000,
        },
      },
      { budgetDir: dir },
    );
    const { sim, client, clock, events } = harness;
    const endMs = Math.floor((clock.now() - 60_000) / SLOT_MS) * SLOT_MS;
    const startMs = endMs - 29 * DAY_MS;
    const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
    const pagesBySymbol: HistoryPage[][] = await Promise.all(
      symbols.map((symbol) =>
        collectPages(client.openInterestHistoryPages({ symbol, period: '5m', startMs, endMs })),
      ),
    );

    const counts = sim.counts();
    // The scenario happened: the assumed budget (1000 per 5 min) drew a 429 and, with requests in
    // flight, a ban.
    expect(counts.byStatus['429'] ?? 0).toBeGreaterThan(0);
    expect(counts.byStatus['418'] ?? 0).toBeGreaterThan(0);
    expect(events.some((event) => event.type === 'banned')).toBe(true);
    expect(events.some((event) => event.type === 'budget-learned')).toBe(true);
    // Learned quickly: a few bans at most, never the escalation to long ones.
    expect(sim.budgets().banCount).toBeLessThanOrEqual(3);

    for (const [index, symbol] of symbols.entries()) {
      const pages = pagesBySymbol[index]!;
      expect(pages.every((page) => page.kind === 'rows')).toBe(true);
      const rows = pages.flatMap((page) => (page.kind === 'rows' ? page.rows : []));
      expect(rows).toHaveLength((29 * DAY_MS) / SLOT_MS);
      expect(rows.map((row) => row.timestampMs)).toEqual(
        Array.from({ length: rows.length }, (_, slot) => startMs + slot * SLOT_MS),
      );
      for (const row of rows) {
        const truth = sim.truth.historyRow(symbol, '5m', row.timestampMs);
        expect(row.sumOpenInterest).toBe(truth?.sumOpenInterest);
        expect(row.sumOpenInterestValue).toBe(truth?.sumOpenInterestValue);
      }
    }
  });
});
