import { describe, expect, it } from 'vitest';
import { contractUnitsOf, liveOpenInterestValue, storeWithContractUnits } from './contract-units.ts';
import type { ListedSymbol } from './listings.ts';
import type { StorePoint } from './ports.ts';

const listed = (symbol: string, more: Partial<ListedSymbol> = {}): ListedSymbol => ({
  symbol,
  status: 'TRADING',
  onboardDateMs: 0,
  deliveryDateMs: 4_133_404_800_000,
  ...more,
});

describe('contractUnitsOf', () => {
  it.each([
    { symbol: 'BTCUSDT', more: { baseAsset: 'BTC' }, out: undefined },
    {
      symbol: 'BTCUSD_PERP',
      more: { contractSize: 100, baseAsset: 'BTC' },
      out: { contractSize: '100', valueAsset: 'BTC' },
    },
    {
      symbol: 'ETHUSD_261225',
      more: { contractSize: 10, baseAsset: 'ETH' },
      out: { contractSize: '10', valueAsset: 'ETH' },
    },
    { symbol: 'ETHUSD_PERP', more: {}, out: { contractSize: '', valueAsset: '' } },
    {
      symbol: 'ETHUSD_PERP',
      more: { contractSize: 0, baseAsset: 'ETH' },
      out: { contractSize: '', valueAsset: 'ETH' },
    },
  ])('$symbol with $more', ({ symbol, more, out }) => {
    expect(contractUnitsOf(symbol, listed(symbol, more))).toEqual(out);
  });

  it('gives a COIN-M symbol empty units when it is not listed, never invented ones', () => {
    expect(contractUnitsOf('BTCUSD_PERP', undefined)).toEqual({ contractSize: '', valueAsset: '' });
  });
});

describe('liveOpenInterestValue', () => {
  const btc = { contractSize: '100', valueAsset: 'BTC' };
  it.each([
    { oi: '81234.567', mark: '94937.10', units: undefined, out: '7712174210.7357' },
    { oi: '81234.567', mark: undefined, units: undefined, out: '' },
    { oi: '2909783', mark: '86153.2', units: btc, out: '3377.45202731' },
    { oi: '2909783', mark: undefined, units: btc, out: '' },
    { oi: '2909783', mark: '86153.2', units: { contractSize: '', valueAsset: 'BTC' }, out: '' },
    { oi: '2909783', mark: '0', units: btc, out: '' },
  ])('$oi at $mark with $units is $out', ({ oi, mark, units, out }) => {
    expect(liveOpenInterestValue(oi, mark, units)).toBe(out);
  });
});

describe('storeWithContractUnits', () => {
  it("adds a COIN-M symbol's units to every point it merges, and leaves USDⓈ-M points alone", async () => {
    const merged: [string, readonly StorePoint[]][] = [];
    const store = storeWithContractUnits(
      {
        merge: async (symbol, _series, points) => {
          merged.push([symbol, points]);
          return { inserted: points.length, conflicts: [] };
        },
      },
      new Map([['BTCUSD_PERP', listed('BTCUSD_PERP', { contractSize: 100, baseAsset: 'BTC' })]]),
    );
    const point = { slotMs: 0, openInterest: '1.00000000', openInterestValue: '', extra: { source: 'api' } };
    await store.merge('BTCUSD_PERP', '5m', [point]);
    await store.merge('BTCUSDT', '5m', [point]);
    expect(merged).toEqual([
      ['BTCUSD_PERP', [{ ...point, extra: { source: 'api', contractSize: '100', valueAsset: 'BTC' } }]],
      ['BTCUSDT', [point]],
    ]);
  });
});
