import { describe, expect, it } from 'vitest';
import { InvalidDecimalError, multiplyDecimals } from './multiply-decimals.ts';

describe('multiplyDecimals', () => {
  it.each([
    { a: '2', b: '3', out: '6' },
    { a: '94791.893', b: '11793.63104562', out: '1117940612.15788915866' },
    { a: '0.1', b: '0.2', out: '0.02' },
    { a: '1.50', b: '2.0', out: '3' },
    { a: '0', b: '123.456', out: '0' },
    { a: '0.000', b: '0.00', out: '0' },
    { a: '-1.5', b: '2', out: '-3' },
    { a: '-1.5', b: '-0.5', out: '0.75' },
    { a: '+2', b: '0.5', out: '1' },
    { a: '0.00000001', b: '0.00000001', out: '0.0000000000000001' },
    { a: '1e5', b: '2.5', out: '250000' },
    { a: '1.5E-3', b: '2', out: '0.003' },
    { a: '106289.69300000', b: '76913.61', out: '8175123994.42173' },
    {
      a: '123456789012345678901234567890.123456789',
      b: '98765432109876543210.987654321',
      out: '12193263113702179522618503273374485596336229233322.374638011112635269',
    },
  ])('$a x $b = $out', ({ a, b, out }) => {
    expect(multiplyDecimals(a, b)).toBe(out);
    expect(multiplyDecimals(b, a)).toBe(out);
  });

  it('is exact where float arithmetic is not', () => {
    expect(0.1 * 3).not.toBe(0.3);
    expect(multiplyDecimals('0.1', '3')).toBe('0.3');
  });

  it.each(['', '1e', '1.', '.5', 'NaN', ' 1', '1,5', '0x10'])('rejects %j', (bad) => {
    expect(() => multiplyDecimals(bad, '1')).toThrow(InvalidDecimalError);
    expect(() => multiplyDecimals('1', bad)).toThrow(
      expect.objectContaining({ code: 'INVALID_DECIMAL', text: bad }),
    );
  });
});
