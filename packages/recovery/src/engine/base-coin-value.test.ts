import { baseCoinValue as simulatorBaseCoinValue } from '@oi/binance-sim';
import { describe, expect, it } from 'vitest';
import { BASE_COIN_VALUE_DIGITS, baseCoinValue } from './base-coin-value.ts';
import { InvalidDecimalError } from './multiply-decimals.ts';

/** An exact rational from a plain decimal text: numerator and a power-of-ten denominator. */
function rational(text: string): { num: bigint; den: bigint } {
  const point = text.indexOf('.');
  if (point === -1) return { num: BigInt(text), den: 1n };
  return {
    num: BigInt(text.slice(0, point) + text.slice(point + 1)),
    den: 10n ** BigInt(text.length - point - 1),
  };
}

/** The reference: the rational value of contracts x size / price, truncated at 8 digits, printed with 8. */
function reference(contracts: string, size: string, price: string): string {
  const [c, s, p] = [rational(contracts), rational(size), rational(price)];
  const numerator = c.num * s.num * p.den * 10n ** 8n;
  const denominator = c.den * s.den * p.num;
  const units = numerator / denominator;
  const text = units.toString().padStart(9, '0');
  return `${text.slice(0, -8)}.${text.slice(-8)}`;
}

/** The Park-Miller generator of numbers in (0, 1), exact in doubles, so every run checks the same cases. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48_271) % 2_147_483_647;
    return state / 2_147_483_647;
  };
}

function digits(random: () => number, count: number): string {
  let text = '';
  for (let index = 0; index < count; index++) text += String(Math.floor(random() * 10));
  return text;
}

/** A plain non-negative decimal with up to `wholeDigits` and `fractionDigits` digits (leading zeros trimmed). */
function decimal(random: () => number, wholeDigits: number, fractionDigits: number): string {
  const whole = digits(random, 1 + Math.floor(random() * wholeDigits)).replace(/^0+(?=\d)/, '');
  const fractionLength = Math.floor(random() * (fractionDigits + 1));
  return fractionLength === 0 ? whole : `${whole}.${digits(random, fractionLength)}`;
}

describe('baseCoinValue', () => {
  it.each([
    // The simulator's documented example: 3377.452027318… truncated, not rounded.
    { contracts: '2909783', size: '100', price: '86153.2', out: '3377.45202731' },
    { contracts: '0', size: '100', price: '86153.2', out: '0.00000000' },
    { contracts: '1', size: '10', price: '3', out: '3.33333333' },
    { contracts: '2', size: '10', price: '3', out: '6.66666666' },
    { contracts: '5578700.00000000', size: '100', price: '30543.10000000', out: '18265.00911826' },
    { contracts: '1', size: '100', price: '1e8', out: '0.00000100' },
    { contracts: '1', size: '10', price: '100000000000', out: '0.00000000' },
    { contracts: '12668208', size: '10', price: '0.16543', out: '765774526.99026778' },
    { contracts: '-7', size: '10', price: '3', out: '-23.33333333' },
  ])('$contracts x $size / $price = $out', ({ contracts, size, price, out }) => {
    expect(baseCoinValue(contracts, size, price)).toBe(out);
  });

  it('has no value for a zero mark price', () => {
    expect(baseCoinValue('100', '10', '0.00000000')).toBeUndefined();
  });

  it.each(['', 'NaN', '1,5', '.5'])('rejects %j', (bad) => {
    expect(() => baseCoinValue(bad, '10', '1')).toThrow(InvalidDecimalError);
    expect(() => baseCoinValue('1', '10', bad)).toThrow(InvalidDecimalError);
  });

  it('equals the exact rational truncated to 8 digits, and the simulator, for 5000 random cases', () => {
    const random = generator(15);
    for (let index = 0; index < 5000; index++) {
      const contracts = decimal(random, 12, index % 3 === 0 ? 8 : 0);
      const size = ['100', '10', '1', '0.1', decimal(random, 3, 2)][index % 5] as string;
      let price = decimal(random, 7, 8);
      if (/^[0.]*$/.test(price)) price = '0.00000001';
      if (/^[0.]*$/.test(size)) continue;
      const expected = reference(contracts, size, price);
      expect(baseCoinValue(contracts, size, price), `${contracts} x ${size} / ${price}`).toBe(expected);
      expect(expected.split('.')[1]).toHaveLength(BASE_COIN_VALUE_DIGITS);
      if (/^\d+$/.test(size)) expect(simulatorBaseCoinValue(contracts, Number(size), price)).toBe(expected);
    }
  });
});
