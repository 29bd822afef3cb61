import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryRow } from '../api/open-interest-history.ts';
import { createVirtualClock, type VirtualClock } from '../clock/virtual-clock.ts';
import { type Simulator, type SimulatorOptions, startSimulator } from '../simulator.ts';
import { getText } from '../test-support/http.ts';
import { nextQuarterDeliveryMs } from './quarter-calendar.ts';
import { DEFAULT_SYMBOLS, PERPETUAL_DELIVERY_MS } from './universe.ts';

const DAY = 86_400_000;
const FIVE_MIN = 300_000;
const START = Date.UTC(2026, 0, 15, 12, 0, 0);
const HIST = '/futures/data/openInterestHist';

const opened: Simulator[] = [];
let clock: VirtualClock;

afterEach(async () => {
  await Promise.all(opened.splice(0).map((sim) => sim.close()));
});

async function open(options: SimulatorOptions = {}, startMs = START): Promise<Simulator> {
  clock = createVirtualClock({ startMs, auto: false });
  const sim = await startSimulator({ clock, ...options });
  opened.push(sim);
  return sim;
}

const bySymbol = (sim: Simulator, role: string) => sim.universe.find((s) => s.role === role)!;

describe('universe', () => {
  it('[2.3] the 15 default symbols are TRADING perpetuals listed years ago', async () => {
    const sim = await open();
    expect(DEFAULT_SYMBOLS).toEqual([
      'BTCUSDT',
      'ETHUSDT',
      'BNBUSDT',
      'ADAUSDT',
      'XRPUSDT',
      'SOLUSDT',
      'DOTUSDT',
      'DOGEUSDT',
      'AVAXUSDT',
      'LTCUSDT',
      'BCHUSDT',
      'LINKUSDT',
      'UNIUSDT',
      'ALGOUSDT',
      'VETUSDT',
    ]);
    for (const name of DEFAULT_SYMBOLS) {
      const symbol = sim.universe.find((s) => s.symbol === name)!;
      expect(symbol).toMatchObject({
        contractType: 'PERPETUAL',
        status: 'TRADING',
        deliveryDateMs: PERPETUAL_DELIVERY_MS,
      });
      expect(symbol.onboardDateMs).toBeLessThan(START - 365 * DAY);
      // [4] listed before the archive's first day, so a backfill from 2020-09-01 finds every one.
      expect(symbol.onboardDateMs).toBeLessThanOrEqual(Date.UTC(2020, 8, 1));
    }
  });

  it('[2.3] a USDC perpetual: quoteAsset USDC, value in USDC', async () => {
    const sim = await open();
    const usdc = bySymbol(sim, 'usdc');
    expect(usdc).toMatchObject({
      symbol: 'BTCUSDC',
      pair: 'BTCUSDC',
      quoteAsset: 'USDC',
      marginAsset: 'USDC',
      status: 'TRADING',
    });
    const info = (await getText(sim.url, '/fapi/v1/exchangeInfo')).json as {
      symbols: Record<string, unknown>[];
    };
    expect(info.symbols.find((s) => s['symbol'] === 'BTCUSDC')).toMatchObject({ quoteAsset: 'USDC' });
    expect((await getText(sim.url, '/fapi/v1/openInterest?symbol=BTCUSDC')).status).toBe(200);
  });

  it('[2.3] a quarterly contract named after the next quarter end (last Friday, 08:00 UTC)', async () => {
    const sim = await open();
    const quarterly = bySymbol(sim, 'quarterly');
    expect(quarterly.contractType).toBe('CURRENT_QUARTER');
    expect(quarterly.symbol).toBe('BTCUSDT_260327');
    expect(quarterly.pair).toBe('BTCUSDT');
    expect(quarterly.deliveryDateMs).toBe(Date.UTC(2026, 2, 27, 8));
    const premium = (await getText(sim.url, `/fapi/v1/premiumIndex?symbol=${quarterly.symbol}`))
      .json as Record<string, unknown>;
    expect(premium['lastFundingRate']).toBe('');
    expect(premium['nextFundingTime']).toBe(0);
    expect((await getText(sim.url, `/fapi/v1/openInterest?symbol=${quarterly.symbol}`)).status).toBe(200);
  });

  it.each([
    [Date.UTC(2026, 0, 15), Date.UTC(2026, 2, 27, 8)],
    [Date.UTC(2026, 2, 27, 8), Date.UTC(2026, 5, 26, 8)],
    [Date.UTC(2026, 2, 27, 7), Date.UTC(2026, 2, 27, 8)],
    [Date.UTC(2026, 11, 30), Date.UTC(2027, 2, 26, 8)],
  ])('[2.3] next quarter delivery after %i is %i', (afterMs, expected) => {
    expect(nextQuarterDeliveryMs(afterMs)).toBe(expected);
    expect(new Date(expected).getUTCDay()).toBe(5);
  });

  it('[2.7] a new listing (3 days old) has no history before its onboardDate', async () => {
    const sim = await open();
    const fresh = bySymbol(sim, 'new-listing');
    expect(fresh.onboardDateMs).toBe(START - 3 * DAY);
    const all = (
      await getText(
        sim.url,
        `${HIST}?symbol=${fresh.symbol}&period=5m&limit=500&startTime=${START - 10 * DAY}&endTime=${START}`,
      )
    ).json as HistoryRow[];
    expect(all[0]!.timestamp).toBe(fresh.onboardDateMs);
    const before = (
      await getText(sim.url, `${HIST}?symbol=${fresh.symbol}&period=5m&endTime=${fresh.onboardDateMs - 1}`)
    ).json as HistoryRow[];
    expect(before).toEqual([]);
    const hourly = (await getText(sim.url, `${HIST}?symbol=${fresh.symbol}&period=1d&limit=500`))
      .json as HistoryRow[];
    expect(hourly.map((row) => row.timestamp)).toEqual([
      START - 2.5 * DAY,
      START - 1.5 * DAY,
      START - 0.5 * DAY,
    ]);
    expect((await getText(sim.url, `/fapi/v1/openInterest?symbol=${fresh.symbol}`)).status).toBe(200);
  });

  it('[2.6][2.7] a delisted SETTLING perpetual: openInterest 400 -4108, history stops at delisting', async () => {
    const sim = await open();
    const gone = bySymbol(sim, 'delisted');
    expect(gone.status).toBe('SETTLING');
    expect(gone.delistedAtMs).toBe(START - 2 * DAY);
    expect(gone.deliveryDateMs).toBe(gone.delistedAtMs);
    const info = (await getText(sim.url, '/fapi/v1/exchangeInfo')).json as {
      symbols: Record<string, unknown>[];
    };
    expect(info.symbols.find((s) => s['symbol'] === gone.symbol)).toMatchObject({
      status: 'SETTLING',
      deliveryDate: gone.delistedAtMs,
      contractType: 'PERPETUAL',
    });
    const oi = await getText(sim.url, `/fapi/v1/openInterest?symbol=${gone.symbol}`);
    expect(oi.status).toBe(400);
    expect(oi.json).toEqual({
      code: -4108,
      msg: 'Symbol is on delivering or delivered or settling or closed or pre-trading.',
    });
    const tail = (await getText(sim.url, `${HIST}?symbol=${gone.symbol}&period=5m&limit=3`))
      .json as HistoryRow[];
    expect(tail.map((row) => row.timestamp)).toEqual(
      [-2, -1, 0].map((k) => gone.delistedAtMs! + k * FIVE_MIN),
    );
    const after = (
      await getText(
        sim.url,
        `${HIST}?symbol=${gone.symbol}&period=5m&startTime=${START - DAY}&endTime=${START}`,
      )
    ).json as HistoryRow[];
    expect(after).toEqual([]);
    const ticker = (await getText(sim.url, `/fapi/v1/ticker/24hr?symbol=${gone.symbol}`)).json as {
      closeTime: number;
    };
    expect(ticker.closeTime).toBe(gone.delistedAtMs);
  });

  it('[2.3] extraSymbols: 600 generated TRADING perpetuals, served by every endpoint', async () => {
    const sim = await open({ extraSymbols: 600 });
    const extras = sim.universe.filter((s) => s.role === 'extra');
    expect(extras).toHaveLength(600);
    expect(extras[0]!.symbol).toBe('SIM0001USDT');
    expect(extras[599]!.symbol).toBe('SIM0600USDT');
    expect(new Set(sim.universe.map((s) => s.symbol)).size).toBe(sim.universe.length);
    const info = (await getText(sim.url, '/fapi/v1/exchangeInfo')).json as { symbols: unknown[] };
    expect(info.symbols).toHaveLength(sim.universe.length);
    const marks = (await getText(sim.url, '/fapi/v1/premiumIndex')).json as unknown[];
    expect(marks).toHaveLength(sim.universe.length);
    for (const extra of [extras[0]!, extras[299]!, extras[599]!]) {
      expect(extra.status).toBe('TRADING');
      const oi = (await getText(sim.url, `/fapi/v1/openInterest?symbol=${extra.symbol}`)).json as {
        openInterest: string;
      };
      expect(oi.openInterest).toMatch(
        extra.quantityPrecision === 0 ? /^\d+$/ : new RegExp(`^\\d+\\.\\d{${extra.quantityPrecision}}$`),
      );
      expect(Number(oi.openInterest)).toBeGreaterThan(0);
      const hist = (await getText(sim.url, `${HIST}?symbol=${extra.symbol}&period=5m&limit=2`))
        .json as HistoryRow[];
      expect(hist).toHaveLength(2);
      expect('CMCCirculatingSupply' in hist[0]!).toBe(extra.hasCmcSupply);
    }
    expect(extras.some((s) => s.hasCmcSupply)).toBe(true);
    expect(extras.some((s) => !s.hasCmcSupply)).toBe(true);
  });

  it('[2.6] plausible OI ranges: BTC 80-110k, ETH 2-3M, over a month of samples', async () => {
    const sim = await open();
    for (let t = START - 30 * DAY; t <= START; t += 3 * 3_600_000 + 17_000) {
      const btc = Number(sim.truth.openInterestAt('BTCUSDT', t));
      const eth = Number(sim.truth.openInterestAt('ETHUSDT', t));
      expect(btc).toBeGreaterThan(80_000);
      expect(btc).toBeLessThan(110_000);
      expect(eth).toBeGreaterThan(2_000_000);
      expect(eth).toBeLessThan(3_000_000);
    }
  });

  it('[1] determinism: the same seed gives identical answers, another seed different ones', async () => {
    const a = await open({ seed: 42 });
    const b = await open({ seed: 42 });
    const c = await open({ seed: 43 });
    const paths = [
      '/fapi/v1/openInterest?symbol=BTCUSDT',
      '/fapi/v1/premiumIndex?symbol=SOLUSDT',
      `${HIST}?symbol=ETHUSDT&period=5m&limit=50`,
      '/fapi/v1/ticker/24hr?symbol=XRPUSDT',
      '/fapi/v1/klines?symbol=DOGEUSDT&interval=5m&limit=20',
    ];
    for (const path of paths) {
      const [ra, rb, rc] = await Promise.all([a, b, c].map((sim) => getText(sim.url, path)));
      expect(ra!.text, path).toBe(rb!.text);
      expect(ra!.text, path).not.toBe(rc!.text);
    }
    expect(a.truth.openInterestAt('BTCUSDT', START - 12_345)).toBe(
      b.truth.openInterestAt('BTCUSDT', START - 12_345),
    );
  });

  it('[1] series are stateless: any instant is computed directly, whatever was asked before', async () => {
    const sim = await open({ seed: 9 });
    const t = START - 5 * DAY + 1234;
    const first = sim.truth.openInterestAt('LINKUSDT', t);
    for (let i = 0; i < 100; i += 1) sim.truth.openInterestAt('LINKUSDT', t - i * 60_000);
    expect(sim.truth.openInterestAt('LINKUSDT', t)).toBe(first);
  });
});
