import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeDecimal128, encodeDecimalField } from './decimal-128.ts';

/** The DECIMAL(38, 18) value of `text` by BigInt, or undefined when it has none. */
function oracle(text: string): bigint | undefined {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d{1,4}))?$/.exec(text);
  if (match === null) return undefined;
  const digits = BigInt(`${match[2]}${match[3] ?? ''}`);
  const shift = 18 - (match[3]?.length ?? 0) + Number(match[4] ?? 0);
  let unscaled: bigint;
  if (shift >= 0) unscaled = digits * 10n ** BigInt(shift);
  else {
    const divisor = 10n ** BigInt(-shift);
    if (digits % divisor !== 0n) return undefined;
    unscaled = digits / divisor;
  }
  if (unscaled >= 10n ** 38n) return undefined;
  return match[1] === '-' ? -unscaled : unscaled;
}

/** What encodeDecimal128 makes of `text`, read back as a signed 128-bit integer. */
function encoded(text: string): bigint | undefined {
  // Padding around the value checks that only [start, end) is read and only 16 bytes are written.
  const bytes = new TextEncoder().encode(`9${text}9`);
  const out = new Uint8Array(20).fill(0xaa);
  if (!encodeDecimal128(bytes, 1, bytes.length - 1, out, 2)) return undefined;
  expect([out[0], out[1], out[18], out[19]]).toEqual([0xaa, 0xaa, 0xaa, 0xaa]);
  let value = 0n;
  for (const byte of out.subarray(2, 18)) value = (value << 8n) | BigInt(byte);
  return BigInt.asIntN(128, value);
}

const E18 = 10n ** 18n;

describe('encodeDecimal128', () => {
  it.each([
    ['0', 0n],
    ['-0', 0n],
    ['1', E18],
    ['-5.25', -5_250_000_000_000_000_000n],
    ['00012.3400', 12_340_000_000_000_000_000n],
    ['106289.69300000', 106_289_693_000_000_000_000_000n],
    ['0.000000000000000001', 1n],
    ['1e-18', 1n],
    ['10e-19', 1n],
    ['1.5e3', 1500n * E18],
    ['7E-2', 70_000_000_000_000_000n],
    ['1.0000000000000000000', E18],
    ['99999999999999999999.999999999999999999', 10n ** 38n - 1n],
    ['-99999999999999999999.999999999999999999', -(10n ** 38n) + 1n],
    ['1e-19', undefined],
    ['0.0000000000000000001', undefined],
    ['100000000000000000000', undefined],
    ['1e20', undefined],
    ['1.', undefined],
    ['.5', undefined],
    ['', undefined],
    ['-', undefined],
    ['+1', undefined],
    ['1e', undefined],
    ['1e12345', undefined],
    ['1,5', undefined],
    ['NaN', undefined],
  ])('%s -> %s', (text, expected) => {
    expect(encoded(text)).toBe(expected);
  });

  it('agrees with BigInt on generated decimals', () => {
    const decimal = fc
      .record({
        sign: fc.constantFrom('', '-'),
        integer: fc.stringMatching(/^\d{1,24}$/),
        fraction: fc.option(fc.stringMatching(/^\d{1,24}$/), { nil: undefined }),
        exponent: fc.option(fc.integer({ min: -40, max: 40 }), { nil: undefined }),
        upper: fc.boolean(),
      })
      .map(({ sign, integer, fraction, exponent, upper }) => {
        const mantissa = `${sign}${integer}${fraction === undefined ? '' : `.${fraction}`}`;
        return exponent === undefined ? mantissa : `${mantissa}${upper ? 'E' : 'e'}${exponent}`;
      });
    fc.assert(
      fc.property(decimal, (text) => {
        expect(encoded(text)).toBe(oracle(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('reads a field of a day line up to its comma or line end, and says where it ends', () => {
    const line = new TextEncoder().encode('1.5,8.4e3,007.50,1e-19,12a,-0.25\n');
    const out = new Uint8Array(16);
    const read = (text: string): bigint => {
      let value = 0n;
      for (const byte of out) value = (value << 8n) | BigInt(byte);
      expect(oracle(text)).toBe(BigInt.asIntN(128, value));
      return BigInt.asIntN(128, value);
    };
    const results: [number, bigint | undefined][] = [];
    let start = 0;
    for (const text of ['1.5', '8.4e3', '007.50', '1e-19', '12a', '-0.25']) {
      const end = encodeDecimalField(line, start, out, 0);
      results.push(end >= 0 ? [end, read(text)] : [-1 - end, undefined]);
      start = (end >= 0 ? end : -1 - end) + 1;
    }
    expect(results).toEqual([
      [3, 1_500_000_000_000_000_000n],
      [9, 8400n * E18],
      [16, 7_500_000_000_000_000_000n],
      [22, undefined],
      [26, undefined],
      [32, -250_000_000_000_000_000n],
    ]);
  });
});
