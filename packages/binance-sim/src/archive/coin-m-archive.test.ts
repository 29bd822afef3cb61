import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoinMHistoryRow } from '../api/coin-m-history.ts';
import { createVirtualClock } from '../clock/virtual-clock.ts';
import type { SimContractType } from '../market/universe.ts';
import { type Simulator, startSimulator } from '../simulator.ts';
import { csvRecords, getBytes, metricsPath, unzipText } from '../test-support/archive.ts';
import { getText } from '../test-support/http.ts';
import { fileDayOfSnapshot, formatDayKey } from './archive-calendar.ts';

const SLOT = 300_000;
const DAY = 86_400_000;
const START = Date.UTC(2026, 6, 10, 12, 0, 0);
// BTCUSD_260626 delivers at 08:00 on this day, inside the API's 30 days at START.
const DELIVERY_DAY = '2026-06-26';
const DELIVERY = Date.UTC(2026, 5, 26, 8);

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ clock: createVirtualClock({ startMs: START, auto: false }), seed: 11 });
});
afterAll(() => sim.close());

async function recordsOf(symbol: string, day: string): Promise<string[][]> {
  const res = await getBytes(sim.url, metricsPath(symbol, day, 'cm'));
  expect(res.status, `${symbol} ${day}`).toBe(200);
  return csvRecords(unzipText(res.bytes)[`${symbol}-metrics-${day}.csv`]!);
}

const at = (text: string): number => Date.parse(`${text.replace(' ', 'T')}Z`);

describe('COIN-M archive and API agree [3][4]', () => {
  it('[3][4] every API row of every role equals the archive row of the contract that held the role', async () => {
    const from = Date.UTC(2026, 5, 26, 0, 5);
    for (const contractType of ['PERPETUAL', 'CURRENT_QUARTER', 'NEXT_QUARTER'] as SimContractType[]) {
      const res = await getText(
        sim.url,
        `/futures/data/openInterestHist?pair=BTCUSD&contractType=${contractType}&period=5m&limit=500&startTime=${from}&endTime=${from + DAY - SLOT}`,
      );
      const rows = res.json as CoinMHistoryRow[];
      expect(rows).toHaveLength(288);
      const files = new Map<string, string[][]>();
      for (const row of rows) {
        const holder = sim.truth.contractAt('BTCUSD', contractType, row.timestamp)!;
        const day = formatDayKey(fileDayOfSnapshot(row.timestamp));
        const key = `${holder} ${day}`;
        if (!files.has(key)) files.set(key, await recordsOf(holder, day));
        // COIN-M files use start-of-period labels: the row labelled T - 5 min carries the snapshot at T.
        const record = files.get(key)!.find((fields) => at(fields[0]!) + SLOT === row.timestamp)!;
        expect(record, `${contractType} ${row.timestamp}`).toBeDefined();
        expect(record[1]).toBe(holder);
        // Same text: the archive keeps the 8 decimals of COIN-M values.
        expect([record[2], record[3]]).toEqual([row.sumOpenInterest, row.sumOpenInterestValue]);
      }
      if (contractType !== 'PERPETUAL') expect(files.size).toBe(2);
    }
  });

  it('[3][4] on a delivery day the delivered file stops at the 07:55 snapshot and the new quarterly starts at 08:00', async () => {
    const delivered = await recordsOf('BTCUSD_260626', DELIVERY_DAY);
    expect(delivered).toHaveLength(95);
    expect([delivered[0]![0], delivered.at(-1)![0]]).toEqual(['2026-06-26 00:00:00', '2026-06-26 07:50:00']);
    const listed = await recordsOf('BTCUSD_261225', DELIVERY_DAY);
    expect(listed).toHaveLength(193);
    expect(listed[0]![0]).toBe('2026-06-26 07:55:00');
    expect(listed[0]![2]).toBe(sim.truth.coinMHistoryValuesAt('BTCUSD_261225', DELIVERY).sumOpenInterest);
    expect((await getBytes(sim.url, metricsPath('BTCUSD_260626', '2026-06-27', 'cm'))).status).toBe(404);
    expect((await getBytes(sim.url, metricsPath('BTCUSD_261225', '2026-06-25', 'cm'))).status).toBe(404);
  });

  it('[4] every COIN-M contract is served from its listing day (not before the archive start) to its end', async () => {
    for (const contract of sim.coinMUniverse) {
      const range = sim.truth.archiveDayRange('cm', contract.symbol);
      if (contract.onboardDateMs > START - DAY) {
        expect(range, contract.symbol).toBeUndefined();
        continue;
      }
      const listingDay = formatDayKey(Math.max(contract.onboardDateMs, Date.UTC(2020, 8, 1)));
      expect(range?.firstDay, contract.symbol).toBe(listingDay);
      // The last published day (07-09 at START), or the delivery day of a contract delivered before it.
      const endMs = contract.delistedAtMs ?? Number.POSITIVE_INFINITY;
      const lastDay = endMs < Date.UTC(2026, 6, 9) ? formatDayKey(endMs) : '2026-07-09';
      expect(range?.lastDay, contract.symbol).toBe(lastDay);
    }
    expect(
      sim.coinMUniverse.filter((c) => sim.truth.archiveDayRange('cm', c.symbol) !== undefined).length,
    ).toBe(11 + 6);
  });
});
