import { afterEach, describe, expect, it } from 'vitest';
import { createVirtualClock, type VirtualClock } from '../clock/virtual-clock.ts';
import { multiplyDecimals, padDecimals } from '../market/decimal-format.ts';
import { type Simulator, type SimulatorOptions, startSimulator } from '../simulator.ts';
import { getText } from '../test-support/http.ts';
import { HISTORY_PERIOD_MS } from './history-window.ts';
import type { HistoryRow } from './open-interest-history.ts';

const FIVE_MIN = 300_000;
const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 15, 12, 0, 0);
const PATH = '/futures/data/openInterestHist';

let sim: Simulator | undefined;
let clock: VirtualClock;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function open(options: SimulatorOptions = {}, startMs = START): Promise<Simulator> {
  clock = createVirtualClock({ startMs, auto: false });
  sim = await startSimulator({ clock, ...options });
  return sim;
}

async function rows(query: string): Promise<HistoryRow[]> {
  const res = await getText(sim!.url, `${PATH}?${query}`);
  expect(res.status, res.text).toBe(200);
  return res.json as HistoryRow[];
}

const stamps = (list: readonly HistoryRow[]): number[] => list.map((row) => row.timestamp);

describe('openInterestHist', () => {
  it('[2.7] row shape: strings with 8 decimals, numeric timestamp, CMCCirculatingSupply only for some symbols', async () => {
    await open();
    const res = await getText(sim!.url, `${PATH}?symbol=BTCUSDT&period=5m&limit=1`);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const [btc] = res.json as HistoryRow[];
    expect(Object.keys(btc!)).toEqual([
      'symbol',
      'sumOpenInterest',
      'sumOpenInterestValue',
      'CMCCirculatingSupply',
      'timestamp',
    ]);
    expect(btc!.sumOpenInterest).toMatch(/^\d+\.\d{8}$/);
    expect(btc!.sumOpenInterestValue).toMatch(/^\d+\.\d{8}$/);
    expect(btc!.CMCCirculatingSupply).toMatch(/^\d+\.0{8}$/);
    expect(res.text).toMatch(/"timestamp":\d+\}\]$/);
    const [avax] = await rows('symbol=AVAXUSDT&period=5m&limit=1');
    expect(avax).not.toHaveProperty('CMCCirculatingSupply');
    expect(Object.keys(avax!)).toEqual(['symbol', 'sumOpenInterest', 'sumOpenInterestValue', 'timestamp']);
  });

  it('[2.7] the row labelled T is the OI snapshot at T; value = OI x mark price at T', async () => {
    await open();
    const list = await rows('symbol=ETHUSDT&period=5m&limit=12');
    for (const row of list) {
      const openInterest = sim!.truth.openInterestAt('ETHUSDT', row.timestamp);
      expect(row.sumOpenInterest).toBe(padDecimals(openInterest, 8));
      const mark = sim!.truth.markPriceAt('ETHUSDT', row.timestamp);
      expect(row.sumOpenInterestValue).toBe(multiplyDecimals(openInterest, mark, 8));
      expect(Number(row.sumOpenInterestValue) / (Number(openInterest) * Number(mark))).toBeCloseTo(1, 12);
      expect(sim!.truth.historyRow('ETHUSDT', '5m', row.timestamp)).toEqual(row);
    }
    // /fapi/v1/openInterest at exactly T gives the same number as the row labelled T.
    await clock.advance(FIVE_MIN);
    const live = (await getText(sim!.url, '/fapi/v1/openInterest?symbol=ETHUSDT')).json as {
      openInterest: string;
    };
    await clock.advance(6000);
    const [row] = await rows('symbol=ETHUSDT&period=5m&limit=1');
    expect(row!.timestamp).toBe(START + FIVE_MIN);
    expect(row!.sumOpenInterest).toBe(padDecimals(live.openInterest, 8));
  });

  it('[2.7] no time parameters: the latest `limit` rows (default 30), ascending on the grid', async () => {
    await open();
    const list = await rows('symbol=BTCUSDT&period=5m');
    expect(list).toHaveLength(30);
    // At 12:00:00 the 12:00 row is not published yet: newest is 11:55.
    expect(list.at(-1)!.timestamp).toBe(START - FIVE_MIN);
    expect(stamps(list)).toEqual(Array.from({ length: 30 }, (_, i) => START - (30 - i) * FIVE_MIN));
    expect(await rows('symbol=BTCUSDT&period=5m&limit=7')).toHaveLength(7);
  });

  it('[2.7] publication: the 5m row labelled T appears at T + 6 s and does not change afterwards', async () => {
    await open();
    await clock.advance(5999);
    expect((await rows('symbol=BTCUSDT&period=5m&limit=1'))[0]!.timestamp).toBe(START - FIVE_MIN);
    expect(sim!.truth.historyRow('BTCUSDT', '5m', START)).toBeUndefined();
    await clock.advance(1);
    const [published] = await rows('symbol=BTCUSDT&period=5m&limit=1');
    expect(published!.timestamp).toBe(START);
    await clock.advance(3 * 3_600_000);
    const later = await rows(`symbol=BTCUSDT&period=5m&startTime=${START}&endTime=${START}`);
    expect(later).toEqual([published]);
  });

  it('[2.7] the publication delay is configurable', async () => {
    await open({ historyPublishDelayMs: 60_000 }, START + 30_000);
    expect((await rows('symbol=BTCUSDT&period=5m&limit=1'))[0]!.timestamp).toBe(START - FIVE_MIN);
    await clock.advance(30_000);
    expect((await rows('symbol=BTCUSDT&period=5m&limit=1'))[0]!.timestamp).toBe(START);
  });

  it('[2.7] only startTime: startTime is ignored and the latest rows come back', async () => {
    await open();
    const tail = await rows('symbol=BTCUSDT&period=5m&limit=10');
    const withStart = await rows(`symbol=BTCUSDT&period=5m&limit=10&startTime=${START - 10 * DAY}`);
    expect(withStart).toEqual(tail);
    expect(withStart[0]!.timestamp).toBe(START - 10 * FIVE_MIN);
  });

  it('[2.7] only endTime: `limit` rows ending at or before endTime', async () => {
    await open();
    const endOnGrid = START - DAY;
    expect(stamps(await rows(`symbol=BTCUSDT&period=5m&limit=3&endTime=${endOnGrid}`))).toEqual([
      endOnGrid - 2 * FIVE_MIN,
      endOnGrid - FIVE_MIN,
      endOnGrid,
    ]);
    expect(
      stamps(await rows(`symbol=BTCUSDT&period=5m&limit=2&endTime=${endOnGrid + FIVE_MIN - 1}`)),
    ).toEqual([endOnGrid - FIVE_MIN, endOnGrid]);
    // An endTime in the future is capped by the newest published row.
    expect(stamps(await rows(`symbol=BTCUSDT&period=5m&limit=1&endTime=${START + DAY}`))).toEqual([
      START - FIVE_MIN,
    ]);
  });

  it('[2.7] both times: inclusive bounds; more rows than limit -> the first `limit` from startTime', async () => {
    await open();
    const from = START - 2 * DAY;
    expect(
      stamps(await rows(`symbol=BTCUSDT&period=5m&startTime=${from}&endTime=${from + 3 * FIVE_MIN}`)),
    ).toEqual([from, from + FIVE_MIN, from + 2 * FIVE_MIN, from + 3 * FIVE_MIN]);
    expect(
      stamps(await rows(`symbol=BTCUSDT&period=5m&startTime=${from + 1}&endTime=${from + 3 * FIVE_MIN - 1}`)),
    ).toEqual([from + FIVE_MIN, from + 2 * FIVE_MIN]);
    const window = await rows(
      `symbol=BTCUSDT&period=5m&limit=500&startTime=${from}&endTime=${from + 500 * FIVE_MIN}`,
    );
    expect(window).toHaveLength(500);
    expect(window[0]!.timestamp).toBe(from);
    expect(window.at(-1)!.timestamp).toBe(from + 499 * FIVE_MIN);
    const capped = await rows(`symbol=BTCUSDT&period=5m&limit=5&startTime=${from}&endTime=${from + DAY}`);
    expect(stamps(capped)).toEqual([0, 1, 2, 3, 4].map((i) => from + i * FIVE_MIN));
  });

  it('[2.7] startTime > endTime: 400 -1023', async () => {
    await open();
    const res = await getText(
      sim!.url,
      `${PATH}?symbol=BTCUSDT&period=5m&startTime=${START - DAY}&endTime=${START - 2 * DAY}`,
    );
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ code: -1023, msg: 'Start time is greater than end time.' });
  });

  it('[2.7] retention wall: startTime or endTime older than 30 days -> 400 -1130 with msg before code', async () => {
    await open();
    const wall = START - 30 * DAY;
    const atWall = await rows(`symbol=BTCUSDT&period=5m&limit=3&startTime=${wall}&endTime=${wall + DAY}`);
    expect(stamps(atWall)).toEqual([wall, wall + FIVE_MIN, wall + 2 * FIVE_MIN]);
    const tooOld = await getText(
      sim!.url,
      `${PATH}?symbol=BTCUSDT&period=5m&startTime=${wall - 1}&endTime=${wall + DAY}`,
    );
    expect(tooOld.status).toBe(400);
    expect(tooOld.text).toBe(`{"msg":"parameter 'startTime' is invalid.","code":-1130}`);
    const oldEnd = await getText(sim!.url, `${PATH}?symbol=BTCUSDT&period=5m&endTime=${wall - 1}`);
    expect(oldEnd.status).toBe(400);
    expect(oldEnd.text).toBe(`{"msg":"parameter 'endTime' is invalid.","code":-1130}`);
    for (const period of ['1h', '4h', '1d']) {
      const yearBack = await getText(
        sim!.url,
        `${PATH}?symbol=BTCUSDT&period=${period}&startTime=${START - 400 * DAY}&endTime=${START - 399 * DAY}`,
      );
      expect(yearBack.json).toEqual({ code: -1130, msg: "parameter 'startTime' is invalid." });
    }
  });

  it('[2.7] the wall is in the data: short pages near it, 180 rows of 4h and about 30 of 1d', async () => {
    await open();
    const wall = START - 30 * DAY;
    const near = await rows(`symbol=BTCUSDT&period=5m&limit=500&endTime=${wall + 10 * FIVE_MIN}`);
    expect(stamps(near)).toEqual(Array.from({ length: 11 }, (_, i) => wall + i * FIVE_MIN));
    expect(await rows('symbol=BTCUSDT&period=4h&limit=500')).toHaveLength(180);
    expect(await rows('symbol=BTCUSDT&period=1d&limit=500')).toHaveLength(30);
    expect(sim!.truth.historyRow('BTCUSDT', '5m', wall - FIVE_MIN)).toBeUndefined();
    expect(sim!.truth.historyRow('BTCUSDT', '5m', wall)).toBeDefined();
  });

  it('[2.7] the wall moves with server time (virtual clock)', async () => {
    await open({ retentionMs: DAY });
    const start = START - DAY;
    expect(
      await rows(`symbol=BTCUSDT&period=5m&limit=1&startTime=${start}&endTime=${start + FIVE_MIN}`),
    ).toHaveLength(1);
    await clock.advance(1);
    const moved = await getText(
      sim!.url,
      `${PATH}?symbol=BTCUSDT&period=5m&limit=1&startTime=${start}&endTime=${start + FIVE_MIN}`,
    );
    expect(moved.status).toBe(400);
    expect((moved.json as { code: number }).code).toBe(-1130);
  });

  it.each(Object.entries(HISTORY_PERIOD_MS))(
    '[2.7] period %s: rows on its grid, one period apart',
    async (period, periodMs) => {
      await open();
      const list = await rows(`symbol=BTCUSDT&period=${period}&limit=4`);
      expect(list).toHaveLength(4);
      for (const [index, row] of list.entries()) {
        expect(row.timestamp % periodMs).toBe(0);
        if (index > 0) expect(row.timestamp - list[index - 1]!.timestamp).toBe(periodMs);
      }
      expect(list.at(-1)!.timestamp).toBe(Math.floor((START - 6000) / periodMs) * periodMs);
    },
  );

  it('[2.7] invalid period -> -1130 period, validated before the symbol', async () => {
    await open();
    for (const period of ['1m', '8h', 'test']) {
      const res = await getText(sim!.url, `${PATH}?symbol=BTCUSDT&period=${period}`);
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ code: -1130, msg: "parameter 'period' is invalid." });
    }
    const both = await getText(sim!.url, `${PATH}?symbol=test&period=test`);
    expect(both.json).toEqual({ code: -1130, msg: "parameter 'period' is invalid." });
  });

  it('[2.7] unknown symbol -> -1121; missing symbol or period -> -1102', async () => {
    await open();
    const unknown = await getText(sim!.url, `${PATH}?symbol=NOPEUSDT&period=5m`);
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual({ code: -1121, msg: 'Invalid symbol.' });
    const noSymbol = await getText(sim!.url, `${PATH}?period=5m`);
    expect(noSymbol.json).toEqual({
      code: -1102,
      msg: "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.",
    });
    const noPeriod = await getText(sim!.url, `${PATH}?symbol=BTCUSDT`);
    expect((noPeriod.json as { code: number; msg: string }).msg).toContain("'period'");
    expect(noPeriod.status).toBe(400);
  });

  it('[2.7] limit: 1..500 accepted, anything else -> -1130 limit', async () => {
    await open();
    expect(await rows('symbol=BTCUSDT&period=5m&limit=500')).toHaveLength(500);
    expect(await rows('symbol=BTCUSDT&period=5m&limit=1')).toHaveLength(1);
    for (const limit of ['0', '501', 'abc', '-3', '1.5']) {
      const res = await getText(sim!.url, `${PATH}?symbol=BTCUSDT&period=5m&limit=${limit}`);
      expect(res.status, limit).toBe(400);
      expect(res.json).toEqual({ code: -1130, msg: "parameter 'limit' is invalid." });
    }
  });

  it('[1.3] non-numeric startTime -> -1100 with the legal range', async () => {
    await open();
    const res = await getText(
      sim!.url,
      `${PATH}?symbol=BTCUSDT&period=5m&startTime=yesterday&endTime=${START}`,
    );
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      code: -1100,
      msg: "Illegal characters found in parameter 'startTime'; legal range is '^[0-9]{1,20}$'.",
    });
  });
});
