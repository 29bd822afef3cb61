import { describe, expect, it } from 'vitest';
import {
  historyEndMs,
  historyListingsFrom,
  isDeliveryContract,
  universeSymbols,
} from './collector-universe.ts';
import { listingsFrom } from './listings.ts';

const FAR_MS = 4133404800000;
const listing = (symbol: string, status: string, contractType?: string, deliveryDateMs = FAR_MS) => ({
  symbol,
  status,
  onboardDateMs: 0,
  deliveryDateMs,
  ...(contractType === undefined ? {} : { contractType }),
});

describe('isDeliveryContract', () => {
  it.each([
    ['BTCUSDT', 'PERPETUAL', false],
    ['BTCUSD_PERP', 'PERPETUAL_DELIVERING', false],
    ['BTCUSDT_260327', 'CURRENT_QUARTER', true],
    ['BTCUSD_260626', 'NEXT_QUARTER', true],
    ['BTCUSD_260327', 'CURRENT_QUARTER_DELIVERING', true],
    // Settled contracts may list no type: the name decides.
    ['BTCUSDT_250926', '', true],
    ['OLDUSDT', '', false],
    ['ETHUSDT_251226', undefined, true],
  ])('%s (%s) -> %s', (symbol, contractType, expected) => {
    expect(isDeliveryContract({ symbol, ...(contractType === undefined ? {} : { contractType }) })).toBe(
      expected,
    );
  });
});

describe('historyEndMs', () => {
  const at = (iso: string) => Date.parse(iso);
  it.each([
    // A perpetual's snapshot at its delisting instant is served: that slot is its last.
    ['DOGEUSDT', 'PERPETUAL', '2026-03-27T07:55:00Z', '2026-03-27T08:00:00Z'],
    ['DOGEUSDT', 'PERPETUAL', '2026-03-27T07:57:30Z', '2026-03-27T08:00:00Z'],
    ['BTCUSD_PERP', 'PERPETUAL_DELIVERING', '2026-03-27T07:55:00Z', '2026-03-27T08:00:00Z'],
    // A quarterly's last snapshot is the one before its delivery.
    ['BTCUSDT_260327', 'CURRENT_QUARTER', '2026-03-27T08:00:00Z', '2026-03-27T08:00:00Z'],
    ['BTCUSD_260327', '', '2026-03-27T08:00:00Z', '2026-03-27T08:00:00Z'],
  ])('%s (%s) delivered %s: history ends before %s', (symbol, contractType, delivery, end) => {
    expect(historyEndMs({ symbol, contractType, deliveryDateMs: at(delivery) })).toBe(at(end));
  });
});

describe('universeSymbols', () => {
  const listings = listingsFrom([
    listing('BTCUSDT', 'TRADING', 'PERPETUAL'),
    listing('BTCUSDT_260327', 'TRADING', 'CURRENT_QUARTER', 1),
    listing('OLDUSDT', 'SETTLING', 'PERPETUAL', 1),
    listing('NEWUSDT', 'PENDING_TRADING', 'PERPETUAL'),
    listing('ETHUSDT', 'TRADING', 'PERPETUAL'),
  ]);
  it.each([
    [{ kind: 'all', contracts: 'perpetual' } as const, ['BTCUSDT', 'ETHUSDT']],
    [{ kind: 'all', contracts: 'all' } as const, ['BTCUSDT', 'BTCUSDT_260327', 'ETHUSDT']],
    [
      { kind: 'list', symbols: ['OLDUSDT', 'NOPEUSDT', 'BTCUSDT', 'OLDUSDT'] } as const,
      ['OLDUSDT', 'NOPEUSDT', 'BTCUSDT'],
    ],
  ])('%j -> %j', (universe, expected) => {
    expect(universeSymbols(universe, listings)).toEqual(expected);
  });
});

describe('historyListingsFrom', () => {
  it('moves each end to the end of its 5m history, keeping the rest', () => {
    const delistedMs = Date.parse('2026-03-27T07:55:00Z');
    const listings = listingsFrom([
      { ...listing('DOGEUSDT', 'SETTLING', 'PERPETUAL', delistedMs), contractSize: 10 },
      listing('BTCUSDT_260327', 'DELIVERING', 'CURRENT_QUARTER', delistedMs + 300_000),
    ]);
    expect(Object.fromEntries(historyListingsFrom(listings))).toEqual({
      DOGEUSDT: { ...listings.get('DOGEUSDT'), deliveryDateMs: delistedMs + 300_000 },
      BTCUSDT_260327: listings.get('BTCUSDT_260327'),
    });
  });
});
