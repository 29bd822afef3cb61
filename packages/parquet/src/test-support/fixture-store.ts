import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { dayFilePath, type OiPoint, openStore } from '@oi/storage';

/** The first day of the fixture, 2026-11-20 00:00 UTC. */
export const FIXTURE_T0 = Date.UTC(2026, 10, 20);
export const DAY_MS = 86_400_000;
const MINUTE = 60_000;
const FIVE = 300_000;

/** A fresh temporary folder and a function that removes it. */
export async function makeTempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'oi-parquet-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

// Decimals in the forms the store keeps: trimmed, padded, exponent, 18 fractional digits, 38 digits.
const ODD_DECIMALS = [
  '0',
  '0.000000000000000001',
  '12345678901234567890.123456789012345678',
  '1.5e3',
  '7E-2',
  '106289.69300000',
  '96268.02',
  '97000',
];

function oneMinutePoint(symbol: string, index: number): OiPoint {
  const slotMs = FIXTURE_T0 + index * MINUTE;
  const base = symbol.charCodeAt(0) * 1000;
  const openInterest =
    index % 97 === 5
      ? (ODD_DECIMALS[index % ODD_DECIMALS.length] as string)
      : `${base + index}.${index % 1000}`;
  return {
    slotMs,
    openInterest,
    openInterestValue:
      index % 13 === 0
        ? ''
        : `${(base + index) * 91}.${String(index * 7919)
            .padStart(8, '0')
            .slice(-8)}`,
    extra: {
      markPrice: index % 7 === 3 ? '' : `${90_000 + (index % 500)}.${index % 10}`,
      exchangeTime: index % 11 === 4 ? '' : String(slotMs + (index % 50)),
    },
  };
}

function fiveMinutePoint(symbol: string, index: number): OiPoint {
  const base = symbol.charCodeAt(0) * 10;
  return {
    slotMs: FIXTURE_T0 + index * FIVE,
    openInterest: `${base + index}.${String(index % 100).padStart(2, '0')}000000`,
    openInterestValue: index % 9 === 0 ? '' : `${(base + index) * 37}.12345678`,
    extra: {
      CMCCirculatingSupply: index % 4 === 0 ? `${19_000_000 + index}.5` : '',
      source: index % 5 === 0 ? '' : index % 2 === 0 ? 'api' : 'archive',
    },
  };
}

/**
 * Writes the fixture: BTCUSDT and ETHUSDT with two full days of 1m and three of 5m rows (some
 * values empty, decimals in every stored form), and SOLUSDT with one day file of each series in
 * the replaced tool's format (four columns, CRLF, unsorted, a duplicate row).
 */
export async function writeFixtureStore(dataDir: string): Promise<void> {
  const store = await openStore({ dataDir });
  try {
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      await store.merge(
        symbol,
        '1m',
        Array.from({ length: 2 * 1440 }, (_, index) => oneMinutePoint(symbol, index)),
      );
      await store.merge(
        symbol,
        '5m',
        Array.from({ length: 3 * 288 }, (_, index) => fiveMinutePoint(symbol, index)),
      );
    }
  } finally {
    await store.close();
  }
  const day = '2026-11-21';
  const dayStart = FIXTURE_T0 + DAY_MS;
  for (const [series, step] of [
    ['1m', MINUTE],
    ['5m', FIVE],
  ] as const) {
    const path = dayFilePath(dataDir, 'SOLUSDT', series, day);
    await mkdir(dirname(path), { recursive: true });
    const at = (index: number): number => dayStart + index * step;
    const time = (index: number): string => new Date(at(index)).toISOString().slice(0, 19).replace('T', ' ');
    await writeFile(
      path,
      'timestamp,datetime_utc,openInterest,sumOpenInterestValue\r\n' +
        `${at(3)},${time(3)},30.5,3050\r\n${at(1)},${time(1)},10.25,\r\n${at(3)},${time(3)},30.5,3050\r\n`,
    );
  }
}

/** The COIN-M fixture's contract symbols, stored beside BTCUSDT. */
export const COIN_M_FIXTURE_SYMBOLS = ['BTCUSD_PERP', 'ETHUSD_261225'];

// A COIN-M contract's row carries its units; a few rows lack them, as a row stored before the
// contract's listing was read would.
function withUnits(symbol: string, point: OiPoint, index: number): OiPoint {
  const [contractSize, valueAsset] = symbol.startsWith('BTC') ? ['100', 'BTC'] : ['10', 'ETH'];
  const known = index % 17 !== 6;
  return {
    ...point,
    extra: { ...point.extra, contractSize: known ? contractSize : '', valueAsset: known ? valueAsset : '' },
  };
}

/**
 * Writes a store of USDⓈ-M and COIN-M symbols side by side: BTCUSDT, BTCUSD_PERP and the quarterly
 * ETHUSD_261225, one day (2026-11-20) of 1m and of 5m rows each.
 */
export async function writeMixedMarketFixtureStore(dataDir: string): Promise<void> {
  const store = await openStore({ dataDir });
  try {
    for (const symbol of ['BTCUSDT', ...COIN_M_FIXTURE_SYMBOLS]) {
      const coinM = symbol !== 'BTCUSDT';
      const points = (series: '1m' | '5m'): OiPoint[] =>
        Array.from({ length: series === '1m' ? 1440 : 288 }, (_, index) => {
          const point = series === '1m' ? oneMinutePoint(symbol, index) : fiveMinutePoint(symbol, index);
          return coinM ? withUnits(symbol, point, index) : point;
        });
      await store.merge(symbol, '1m', points('1m'));
      await store.merge(symbol, '5m', points('5m'));
    }
  } finally {
    await store.close();
  }
}
