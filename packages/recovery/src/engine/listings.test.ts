import { describe, expect, it } from 'vitest';
import type { CollectorEvent } from './collector-event.ts';
import { dropByListings, listingsFrom } from './listings.ts';
import { createSymbolRoster } from './symbol-roster.ts';

const BTC = { symbol: 'BTCUSDT', status: 'TRADING', onboardDateMs: 1, deliveryDateMs: 4133404800000 };
const OLD = { symbol: 'OLDUSDT', status: 'SETTLING', onboardDateMs: 2, deliveryDateMs: 3 };

describe('listingsFrom', () => {
  it('keys the listed contracts by symbol, keeping only what the engine reads', () => {
    const asSent = {
      ...BTC,
      baseAsset: 'BTC',
      contractType: 'PERPETUAL',
      pair: 'BTCUSDT',
      pricePrecision: 2,
    };
    const listings = listingsFrom([asSent, OLD]);
    expect([...listings.keys()]).toEqual(['BTCUSDT', 'OLDUSDT']);
    expect(listings.get('BTCUSDT')).toEqual({ ...BTC, baseAsset: 'BTC', contractType: 'PERPETUAL' });
    expect(listings.get('OLDUSDT')).toEqual(OLD);
  });
});

describe('dropByListings', () => {
  it.each([
    {
      tradingOnly: false,
      active: ['BTCUSDT', 'OLDUSDT'],
      dropped: [['NOPEUSDT', 'invalid-symbol', 'not listed by exchangeInfo']],
    },
    {
      tradingOnly: true,
      active: ['BTCUSDT'],
      dropped: [
        ['OLDUSDT', 'not-tradable', 'status SETTLING'],
        ['NOPEUSDT', 'invalid-symbol', 'not listed by exchangeInfo'],
      ],
    },
  ])(
    'with tradingOnly $tradingOnly drops $dropped.length in roster order',
    ({ tradingOnly, active, dropped }) => {
      const events: CollectorEvent[] = [];
      const roster = createSymbolRoster(['BTCUSDT', 'OLDUSDT', 'NOPEUSDT'], (event) => events.push(event));
      const listings = listingsFrom([BTC, OLD]);
      dropByListings(roster, listings, tradingOnly);
      dropByListings(roster, listings, tradingOnly);
      expect(roster.active()).toEqual(active);
      // Reported once, however often the listings are applied (each patrol round applies them).
      expect(
        events.map((e) => (e.type === 'symbol-dropped' ? [e.symbol, e.reason, e.detail] : e.type)),
      ).toEqual(dropped);
    },
  );
});
