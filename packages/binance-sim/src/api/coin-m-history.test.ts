import { afterEach, describe, expect, it } from 'vitest';
import type { VirtualClock } from '../clock/virtual-clock.ts';
import { baseCoinValue } from '../market/base-coin-value.ts';
import { padDecimals } from '../market/decimal-format.ts';
import type { Simulator, SimulatorOptions } from '../simulator.ts';
import { getText } from '../test-support/http.ts';
import { virtualSims } from '../test-support/virtual-sims.ts';
import type { CoinMHistoryRow } from './coin-m-history.ts';

const FIVE_MIN = 300_000;
const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 15, 12, 0, 0);
const PATH = '/futures/data/openInterestHist';

const sims = virtualSims(START);
let sim: Simulator | undefined;
let clock: VirtualClock;

afterEach(() => sims.closeAll());

async function open(options: SimulatorOptions = {}): Promise<void> {
  ({ sim, clock } = await sims.open(options));
}

async function rows(query: string): Promise<CoinMHistoryRow[]> {
  const res = await getText(sim!.url, `${PATH}?${query}`);
  expect(res.status, res.text).toBe(200);
  return res.json as CoinMHistoryRow[];
}

const stamps = (list: readonly CoinMHistoryRow[]): number[] => list.map((row) => row.timestamp);

describe('openInterestHist, COIN-M form (pair + contractType)', () => {
  it('[3.2] row shape: contractType, contracts, base-coin value, pair, numeric timestamp; no symbol, no CMC supply', async () => {
    await open();
    const res = await getText(sim!.url, `${PATH}?pair=BTCUSD&contractType=PERPETUAL&period=5m&limit=2`);
    expect(res.headers.get('x-mbx-used-weight-1m')).toBeNull();
    const list = res.json as CoinMHistoryRow[];
    expect(list).toHaveLength(2);
    expect(Object.keys(list[0]!)).toEqual([
      'contractType',
      'sumOpenInterest',
      'sumOpenInterestValue',
      'pair',
      'timestamp',
    ]);
    expect(res.text).toMatch(
      /^\[\{"contractType":"PERPETUAL","sumOpenInterest":"\d+\.0{8}","sumOpenInterestValue":"\d+\.\d{8}","pair":"BTCUSD","timestamp":\d+\},/,
    );
    expect(stamps(list)).toEqual([START - 5 * FIVE_MIN, START - 4 * FIVE_MIN].map((t) => t + 3 * FIVE_MIN));
  });

  it('[3] units: OI in contracts, value = contracts x contractSize / mark price, truncated to 8 decimals', async () => {
    await open();
    for (const [pair, contract, size] of [
      ['BTCUSD', 'BTCUSD_PERP', 100],
      ['ETHUSD', 'ETHUSD_PERP', 10],
    ] as const) {
      const list = await rows(`pair=${pair}&contractType=PERPETUAL&period=5m&limit=24`);
      for (const row of list) {
        const contracts = sim!.truth.coinMOpenInterestAt(contract, row.timestamp);
        expect(contracts).toMatch(/^\d+$/);
        expect(row.sumOpenInterest).toBe(padDecimals(contracts, 8));
        const mark = sim!.truth.coinMMarkPriceAt(contract, row.timestamp);
        expect(row.sumOpenInterestValue).toBe(baseCoinValue(contracts, size, mark));
        // Truncated: the exact quotient minus the printed value is in [0, 1e-8).
        const exact = (Number(contracts) * size) / Number(mark);
        expect(exact - Number(row.sumOpenInterestValue)).toBeGreaterThan(-1e-9);
        expect(exact - Number(row.sumOpenInterestValue)).toBeLessThan(1.1e-8);
        expect(row).toEqual(sim!.truth.coinMHistoryRow(pair, 'PERPETUAL', row.timestamp));
      }
    }
  });

  it('[2.7][3.2] the fapi twin rules: inclusive bounds, limit, retention wall, publication delay', async () => {
    await open();
    const base = 'pair=ETHUSD&contractType=CURRENT_QUARTER&period=5m';
    const from = START - 2 * 3_600_000;
    const both = await rows(`${base}&startTime=${from}&endTime=${from + 4 * FIVE_MIN}`);
    expect(stamps(both)).toEqual([0, 1, 2, 3, 4].map((k) => from + k * FIVE_MIN));
    expect(both.every((row) => row.contractType === 'CURRENT_QUARTER' && row.pair === 'ETHUSD')).toBe(true);
    expect(await rows(`${base}&startTime=${from}&endTime=${from + DAY}&limit=3`)).toHaveLength(3);
    expect(await rows(base)).toHaveLength(30);
    const tooOld = await getText(sim!.url, `${PATH}?${base}&startTime=${START - 31 * DAY}&endTime=${START}`);
    expect(tooOld.status).toBe(400);
    expect(tooOld.text).toBe(`{"msg":"parameter 'startTime' is invalid.","code":-1130}`);
    // The row labelled 12:00 appears at 12:00:06.
    expect(stamps(await rows(`${base}&limit=1`))).toEqual([START - FIVE_MIN]);
    await clock.advance(6_000);
    expect(stamps(await rows(`${base}&limit=1`))).toEqual([START]);
  });

  it('[3.2] parameters: pair + contractType pick the COIN-M form, symbol the USDⓈ-M one; errors as data', async () => {
    await open();
    const um = (await getText(sim!.url, `${PATH}?symbol=BTCUSDT&period=5m&limit=1`)).json as Record<
      string,
      unknown
    >[];
    expect(um[0]).toHaveProperty('symbol', 'BTCUSDT');
    const cases: [string, number, number, string][] = [
      [
        'pair=BTCUSD&period=5m',
        400,
        -1102,
        "Mandatory parameter 'contractType' was not sent, was empty/null, or malformed.",
      ],
      [
        'contractType=PERPETUAL&period=5m',
        400,
        -1102,
        "Mandatory parameter 'pair' was not sent, was empty/null, or malformed.",
      ],
      ['pair=BTCUSD&contractType=QUARTER&period=5m', 400, -1130, "parameter 'contractType' is invalid."],
      ['pair=NOPEUSD&contractType=PERPETUAL&period=5m', 400, -1121, 'Invalid symbol.'],
      ['pair=BTCUSD&contractType=PERPETUAL&period=1m', 400, -1130, "parameter 'period' is invalid."],
      ['pair=BTCUSD&contractType=PERPETUAL&period=5m&limit=501', 400, -1130, "parameter 'limit' is invalid."],
    ];
    for (const [query, status, code, msg] of cases) {
      const res = await getText(sim!.url, `${PATH}?${query}`);
      expect(res.status, query).toBe(status);
      expect(res.json, query).toEqual({ code, msg });
    }
    // A pair without quarterlies has no quarter rows.
    expect(await rows('pair=BNBUSD&contractType=NEXT_QUARTER&period=5m')).toEqual([]);
    expect(sim!.requests().filter((entry) => entry.endpoint === 'dapiOpenInterestHist')).toHaveLength(7);
  });

  it('[3.2] contractType=ALL: one row per role that has a holder, per slot; limit counts slots', async () => {
    await open();
    const list = await rows('pair=BTCUSD&contractType=ALL&period=1h&limit=2');
    // At 12:00:00 the 12:00 row is not published yet (6 s delay): the two newest hours are 10:00 and 11:00.
    const [ten, eleven] = [START - 2 * 3_600_000, START - 3_600_000];
    expect(list.map((row) => [row.timestamp, row.contractType])).toEqual([
      [ten, 'PERPETUAL'],
      [ten, 'CURRENT_QUARTER'],
      [ten, 'NEXT_QUARTER'],
      [eleven, 'PERPETUAL'],
      [eleven, 'CURRENT_QUARTER'],
      [eleven, 'NEXT_QUARTER'],
    ]);
    for (const row of list) {
      expect(row).toEqual(sim!.truth.coinMHistoryRow('BTCUSD', row.contractType, row.timestamp, '1h'));
    }
    expect(new Set(list.map((row) => row.sumOpenInterest)).size).toBe(6);
  });

  it('[1.2][3.2] the COIN-M form counts against the /futures/data budget it shares with the USDⓈ-M form', async () => {
    await open({ limits: { historyRequestsPerWindow: 3 } });
    const hist = (query: string) => getText(sim!.url, `${PATH}?${query}&period=5m&limit=1`);
    expect((await hist('symbol=BTCUSDT')).status).toBe(200);
    expect((await hist('pair=BTCUSD&contractType=PERPETUAL')).status).toBe(200);
    expect((await hist('symbol=ETHUSDT')).status).toBe(200);
    expect(sim!.budgets()).toMatchObject({ historyUsed: 3, weightUsed: 0 });
    const refused = await hist('pair=ETHUSD&contractType=PERPETUAL');
    expect(refused.status).toBe(429);
    expect((refused.json as { code: number }).code).toBe(-1003);
    expect(sim!.requests().map((entry) => entry.weight)).toEqual([0, 0, 0, 0]);
  });
});
