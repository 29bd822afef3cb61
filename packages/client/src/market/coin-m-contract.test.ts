import { nextQuarterDeliveryMs, previousQuarterDeliveryMs } from '@oi/binance-sim';
import { describe, expect, it } from 'vitest';
import { coinMContractOf, coinMRoleWindows, isCoinMSymbol } from './coin-m-contract.ts';
import { quarterlyDeliveryBefore } from './quarter-calendar.ts';

const at8 = (day: string): number => Date.parse(`${day}T08:00:00Z`);

describe('isCoinMSymbol', () => {
  it.each([
    ['BTCUSD_PERP', true],
    ['ETHUSD_261225', true],
    ['SIM0001USD_PERP', true],
    ['1000SHIBUSD_PERP', true],
    ['BTCUSDT', false],
    ['BTCUSDT_261225', false],
    ['BTCUSD', false],
    ['btcusd_perp', false],
    ['BTCUSD_26122', false],
    ['BTCUSD_PERPETUAL', false],
  ])('%s -> %s', (symbol, expected) => {
    expect(isCoinMSymbol(symbol)).toBe(expected);
  });
});

describe('coinMContractOf', () => {
  it('reads a perpetual and a quarterly, whose delivery is 08:00 UTC of the day it names', () => {
    expect(coinMContractOf('BTCUSD_PERP')).toEqual({ pair: 'BTCUSD', contractType: 'PERPETUAL' });
    expect(coinMContractOf('ETHUSD_261225')).toEqual({
      pair: 'ETHUSD',
      contractType: 'QUARTERLY',
      deliveryMs: at8('2026-12-25'),
    });
  });

  it('is undefined for USDⓈ-M symbols and for dates that do not exist', () => {
    expect(coinMContractOf('BTCUSDT')).toBeUndefined();
    expect(coinMContractOf('BTCUSDT_261225')).toBeUndefined();
    expect(coinMContractOf('BTCUSD_260230')).toBeUndefined();
    expect(coinMContractOf('BTCUSD_261301')).toBeUndefined();
  });
});

describe('quarterlyDeliveryBefore', () => {
  it('is the last Friday of Mar/Jun/Sep/Dec at 08:00 UTC strictly before, as the simulator schedules them', () => {
    expect(quarterlyDeliveryBefore(at8('2026-12-25'))).toBe(at8('2026-09-25'));
    expect(quarterlyDeliveryBefore(at8('2026-12-25') + 1)).toBe(at8('2026-12-25'));
    expect(quarterlyDeliveryBefore(at8('2027-01-04'))).toBe(at8('2026-12-25'));
    // Every delivery from 2020 to 2032, and instants around each, against the simulator's calendar.
    let deliveryMs = nextQuarterDeliveryMs(Date.UTC(2020, 0, 1));
    while (deliveryMs < Date.UTC(2032, 0, 1)) {
      for (const timeMs of [deliveryMs - 1, deliveryMs, deliveryMs + 1, deliveryMs + 40 * 86_400_000]) {
        expect(quarterlyDeliveryBefore(timeMs)).toBe(previousQuarterDeliveryMs(timeMs - 1));
      }
      deliveryMs = nextQuarterDeliveryMs(deliveryMs);
    }
  });
});

describe('coinMRoleWindows', () => {
  it('gives a perpetual PERPETUAL for all time', () => {
    expect(coinMRoleWindows({ pair: 'BTCUSD', contractType: 'PERPETUAL' })).toEqual([
      { role: 'PERPETUAL', range: { startMs: -Infinity, endMs: Infinity } },
    ]);
  });

  it('gives a quarterly NEXT_QUARTER from two deliveries before its own, then CURRENT_QUARTER until its own', () => {
    const contract = coinMContractOf('BTCUSD_261225');
    if (contract === undefined) throw new Error('BTCUSD_261225 is a contract');
    expect(coinMRoleWindows(contract)).toEqual([
      { role: 'NEXT_QUARTER', range: { startMs: at8('2026-06-26'), endMs: at8('2026-09-25') } },
      { role: 'CURRENT_QUARTER', range: { startMs: at8('2026-09-25'), endMs: at8('2026-12-25') } },
    ]);
  });

  it('gives a quarterly whose date is no quarterly delivery no window', () => {
    const contract = coinMContractOf('BTCUSD_261224');
    expect(contract?.deliveryMs).toBe(at8('2026-12-24'));
    if (contract === undefined) throw new Error('BTCUSD_261224 is a well-formed name');
    expect(coinMRoleWindows(contract)).toEqual([]);
  });
});
