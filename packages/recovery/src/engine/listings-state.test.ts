import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { hasErrorCode } from '@oi/errors';
import { listingsStatePath } from '@oi/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  listingsWithLifecycles,
  readSymbolLifecycles,
  type SymbolLifecycle,
  saveSymbolLifecycles,
} from './listings-state.ts';

const FAR_MS = 4133404800000;
const lifecycle = (symbol: string, fields: Partial<SymbolLifecycle> = {}): SymbolLifecycle => ({
  symbol,
  market: symbol.endsWith('_PERP') ? 'cm' : 'um',
  status: 'TRADING',
  listed: true,
  onboardDateMs: 1000,
  deliveryDateMs: FAR_MS,
  updatedAtMs: 5000,
  ...fields,
});

let dataDir = '';
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'oi-listings-state-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('listings state', () => {
  it('reads back what was saved; saves of two markets at once both stay', async () => {
    expect(await readSymbolLifecycles(dataDir)).toEqual(new Map());
    const doge = lifecycle('DOGEUSDT', {
      status: 'SETTLING',
      listed: false,
      endedAtMs: 9000,
      deliveryDateMs: 9000,
    });
    await Promise.all([
      saveSymbolLifecycles(dataDir, [lifecycle('BTCUSDT'), doge]),
      saveSymbolLifecycles(dataDir, [lifecycle('BTCUSD_PERP', { contractType: 'PERPETUAL' })]),
    ]);
    await saveSymbolLifecycles(dataDir, [lifecycle('BTCUSDT', { updatedAtMs: 6000 })]);
    const read = await readSymbolLifecycles(dataDir);
    expect([...read.keys()]).toEqual(['BTCUSDT', 'BTCUSD_PERP', 'DOGEUSDT']);
    expect(read.get('DOGEUSDT')).toEqual(doge);
    expect(read.get('BTCUSDT')).toEqual(lifecycle('BTCUSDT', { updatedAtMs: 6000 }));
    expect(read.get('BTCUSD_PERP')).toMatchObject({ market: 'cm', contractType: 'PERPETUAL' });
    // One symbol a line, for people reading the file.
    expect((await readFile(listingsStatePath(dataDir), 'utf8')).split('\n')).toHaveLength(6);
  });

  it('names a file that is not a listings state', async () => {
    const path = listingsStatePath(dataDir);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, '{"version": 1, "symbols": {"BTCUSDT": {"status": 3}}}');
    const error = await readSymbolLifecycles(dataDir).catch((caught: unknown) => caught);
    expect(hasErrorCode(error, 'LISTINGS_STATE_UNREADABLE')).toBe(true);
    expect(String(error)).toContain(path);
  });

  it('bounds the listings by what ended, also for symbols the exchange no longer lists', () => {
    const listings = new Map([
      ['BTCUSDT', { onboardDateMs: 1000, deliveryDateMs: FAR_MS }],
      ['ETHUSDT', { onboardDateMs: 2000, deliveryDateMs: FAR_MS }],
    ]);
    const lifecycles = new Map([
      ['ETHUSDT', lifecycle('ETHUSDT', { status: 'SETTLING', endedAtMs: 7000 })],
      ['DOGEUSDT', lifecycle('DOGEUSDT', { listed: false, endedAtMs: 8000, deliveryDateMs: 8000 })],
      ['BNBUSDT', lifecycle('BNBUSDT')],
    ]);
    expect(Object.fromEntries(listingsWithLifecycles(listings, lifecycles))).toEqual({
      BTCUSDT: { onboardDateMs: 1000, deliveryDateMs: FAR_MS },
      ETHUSDT: { onboardDateMs: 2000, deliveryDateMs: 7000 },
      DOGEUSDT: { onboardDateMs: 1000, deliveryDateMs: 8000 },
      BNBUSDT: { onboardDateMs: 1000, deliveryDateMs: FAR_MS },
    });
  });
});
