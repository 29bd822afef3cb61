import { describe, expect, it } from 'vitest';
import { canonicalDecimal, isDecimalString, sameDecimal } from './decimal.ts';

describe('isDecimalString', () => {
  it.each(['0', '1', '12345.678', '0.00000001', '-1.5', '1e-8', '1.23E+5', '20403.63700000'])(
    'accepts %s',
    (text) => {
      expect(isDecimalString(text)).toBe(true);
    },
  );

  it.each([
    '',
    ' 1',
    '1 ',
    '1,5',
    '.5',
    '5.',
    '+1',
    'NaN',
    'Infinity',
    '1e',
    '0x10',
    '1.2.3',
    '1_000',
    '1'.repeat(65),
  ])('rejects %j', (text) => {
    expect(isDecimalString(text)).toBe(false);
  });
});

describe('sameDecimal', () => {
  it.each([
    ['1.5', '1.50', true],
    ['1.5', '01.5', true],
    ['0', '0.000', true],
    ['-0', '0', true],
    ['-1', '1', false],
    ['1e3', '1000', true],
    ['1.5e-3', '0.0015', true],
    ['1.5', '1.05', false],
    ['100', '10', false],
    ['', '', true],
    ['', '0', false],
  ])('%s vs %s -> %s', (a, b, same) => {
    expect(sameDecimal(a, b)).toBe(same);
  });

  it('canonical form drops padding only', () => {
    expect(canonicalDecimal('00120.0500')).toBe('12005e-2');
  });
});
