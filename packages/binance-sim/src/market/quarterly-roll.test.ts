import { afterEach, describe, expect, it } from 'vitest';
import type { CoinMHistoryRow } from '../api/coin-m-history.ts';
import type { VirtualClock } from '../clock/virtual-clock.ts';
import type { Simulator } from '../simulator.ts';
import { getText } from '../test-support/http.ts';
import { virtualSims } from '../test-support/virtual-sims.ts';
import { nextQuarterDeliveryMs, previousQuarterDeliveryMs, yymmdd } from './quarter-calendar.ts';
import { SETTLEMENT_MS } from './symbol-state.ts';

const FIVE_MIN = 300_000;
const HOUR = 3_600_000;
// 2026-06-26 is the last Friday of June: BTCUSD_260626 delivers at 08:00.
const DELIVERY = Date.UTC(2026, 5, 26, 8);
const START = DELIVERY - HOUR;
const PATH = '/futures/data/openInterestHist';

const sims = virtualSims(START);
let sim: Simulator | undefined;
let clock: VirtualClock;

afterEach(() => sims.closeAll());

async function open(): Promise<void> {
  ({ sim, clock } = await sims.open());
}

async function btcRoles(): Promise<Record<string, [unknown, unknown]>> {
  const info = (await getText(sim!.url, '/dapi/v1/exchangeInfo')).json as {
    symbols: Record<string, unknown>[];
  };
  return Object.fromEntries(
    info.symbols
      .filter((s) => s['pair'] === 'BTCUSD' && s['contractType'] !== 'PERPETUAL')
      .map((s) => [s['symbol'], [s['contractType'], s['contractStatus']]]),
  );
}

describe('quarterly delivery and roll [3]', () => {
  it.each([
    [Date.UTC(2026, 0, 15), Date.UTC(2025, 11, 26, 8)],
    [DELIVERY, DELIVERY],
    [DELIVERY - 1, Date.UTC(2026, 2, 27, 8)],
    [Date.UTC(2027, 0, 1), Date.UTC(2026, 11, 25, 8)],
  ])('[3] the last delivery at or before %i is %i', (atMs, expected) => {
    expect(previousQuarterDeliveryMs(atMs)).toBe(expected);
    expect(nextQuarterDeliveryMs(expected)).toBeGreaterThan(atMs);
  });

  it('[3.3] exchangeInfo shows the roles of the moment before and after a delivery', async () => {
    await open();
    expect(await btcRoles()).toEqual({
      BTCUSD_260327: ['CURRENT_QUARTER_DELIVERING', 'DELIVERED'],
      BTCUSD_260626: ['CURRENT_QUARTER', 'TRADING'],
      BTCUSD_260925: ['NEXT_QUARTER', 'TRADING'],
    });
    expect(sim!.coinMUniverse.find((s) => s.symbol === 'BTCUSD_261225')).toMatchObject({
      status: 'PENDING_TRADING',
      contractType: 'NEXT_QUARTER',
      onboardDateMs: DELIVERY,
      deliveryDateMs: Date.UTC(2026, 11, 25, 8),
    });
    await clock.advance(HOUR);
    // At the delivery instant the roles have rolled and a new quarterly lists as NEXT_QUARTER.
    expect(await btcRoles()).toEqual({
      BTCUSD_260626: ['CURRENT_QUARTER_DELIVERING', 'DELIVERING'],
      BTCUSD_260925: ['CURRENT_QUARTER', 'TRADING'],
      BTCUSD_261225: ['NEXT_QUARTER', 'TRADING'],
    });
    await clock.advance(SETTLEMENT_MS);
    expect((await btcRoles())['BTCUSD_260626']).toEqual(['CURRENT_QUARTER_DELIVERING', 'DELIVERED']);
    expect(sim!.truth.symbolStateAt('BTCUSD_260626', nextQuarterDeliveryMs(DELIVERY)).listed).toBe(false);
  });

  it('[3.1] openInterest: 200 before the delivery, 400 -4108 from it on', async () => {
    await open();
    const oi = () => getText(sim!.url, '/dapi/v1/openInterest?symbol=BTCUSD_260626');
    const before = await oi();
    expect(before.json).toMatchObject({ contractType: 'CURRENT_QUARTER' });
    await clock.advance(HOUR - 1);
    expect((await oi()).status).toBe(200);
    await clock.advance(1);
    const after = await oi();
    expect(after.status).toBe(400);
    expect((after.json as { code: number }).code).toBe(-4108);
    const next = (await getText(sim!.url, '/dapi/v1/openInterest?symbol=BTCUSD_261225')).json;
    expect(next).toMatchObject({ symbol: 'BTCUSD_261225', contractType: 'NEXT_QUARTER' });
  });

  it('[2.3][2.6] the USDⓈ-M quarterly delivers too: -4108 and DELIVERING from its delivery, history to 07:55', async () => {
    await open();
    expect(sim!.universe.find((s) => s.role === 'quarterly')).toMatchObject({ symbol: 'BTCUSDT_260626' });
    expect((await getText(sim!.url, '/fapi/v1/openInterest?symbol=BTCUSDT_260626')).status).toBe(200);
    await clock.advance(HOUR + FIVE_MIN);
    expect((await getText(sim!.url, '/fapi/v1/openInterest?symbol=BTCUSDT_260626')).json).toMatchObject({
      code: -4108,
    });
    const info = (await getText(sim!.url, '/fapi/v1/exchangeInfo')).json as {
      symbols: Record<string, unknown>[];
    };
    expect(info.symbols.find((s) => s['symbol'] === 'BTCUSDT_260626')).toMatchObject({
      status: 'DELIVERING',
    });
    const tail = (await getText(sim!.url, `${PATH}?symbol=BTCUSDT_260626&period=5m&limit=1`)).json;
    expect(tail).toMatchObject([{ timestamp: DELIVERY - FIVE_MIN }]);
  });

  it('[3.2] CURRENT_QUARTER rows belong to different contracts before and after the delivery', async () => {
    await open();
    await clock.advance(2 * HOUR);
    const list = (
      await getText(
        sim!.url,
        `${PATH}?pair=BTCUSD&contractType=CURRENT_QUARTER&period=5m&startTime=${DELIVERY - 2 * FIVE_MIN}&endTime=${DELIVERY + FIVE_MIN}`,
      )
    ).json as CoinMHistoryRow[];
    expect(list.map((row) => row.timestamp)).toEqual([-2, -1, 0, 1].map((k) => DELIVERY + k * FIVE_MIN));
    const holders = list.map((row) => sim!.truth.contractAt('BTCUSD', 'CURRENT_QUARTER', row.timestamp));
    expect(holders).toEqual(['BTCUSD_260626', 'BTCUSD_260626', 'BTCUSD_260925', 'BTCUSD_260925']);
    for (const [index, row] of list.entries()) {
      expect(row).toMatchObject(sim!.truth.coinMHistoryValuesAt(holders[index]!, row.timestamp));
    }
    // The rows really switch series: at 08:00 the delivered contract's value differs from its successor's.
    expect(list[2]!.sumOpenInterest).not.toBe(
      sim!.truth.coinMHistoryValuesAt('BTCUSD_260626', DELIVERY - FIVE_MIN).sumOpenInterest,
    );
    const nextQuarter = (
      await getText(
        sim!.url,
        `${PATH}?pair=BTCUSD&contractType=NEXT_QUARTER&period=5m&startTime=${DELIVERY - FIVE_MIN}&endTime=${DELIVERY}`,
      )
    ).json as CoinMHistoryRow[];
    expect(nextQuarter.map((row) => sim!.truth.contractAt('BTCUSD', 'NEXT_QUARTER', row.timestamp))).toEqual([
      'BTCUSD_260925',
      'BTCUSD_261225',
    ]);
    expect(nextQuarter[1]).toMatchObject(sim!.truth.coinMHistoryValuesAt('BTCUSD_261225', DELIVERY));
  });

  it('[3] every quarterly lists at the delivery two before its own and is named after its delivery day', async () => {
    await open();
    const quarterlies = sim!.coinMUniverse.filter((s) => s.role === 'coin-m-quarterly');
    expect(quarterlies.length).toBeGreaterThanOrEqual(2 * 8);
    for (const quarterly of quarterlies) {
      expect(quarterly.symbol).toBe(`${quarterly.pair}_${yymmdd(quarterly.deliveryDateMs)}`);
      const current = previousQuarterDeliveryMs(quarterly.deliveryDateMs - 1);
      expect(quarterly.onboardDateMs).toBe(previousQuarterDeliveryMs(current - 1));
      expect(sim!.truth.contractAt(quarterly.pair, 'CURRENT_QUARTER', current)).toBe(quarterly.symbol);
      expect(sim!.truth.contractAt(quarterly.pair, 'NEXT_QUARTER', quarterly.onboardDateMs)).toBe(
        quarterly.symbol,
      );
      expect(quarterly.delistedAtMs).toBe(quarterly.deliveryDateMs - 1);
    }
  });
});
