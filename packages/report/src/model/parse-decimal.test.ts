import { seededRandom } from '@oi/test-support';
import { describe, expect, it } from 'vitest';
import { parseDecimal as parseBytes } from './parse-decimal.ts';

// Read from inside a longer line, as the report reads a field of a day file.
function parseDecimal(text: string): number {
  const bytes = new TextEncoder().encode(`7,${text},9`);
  return parseBytes(bytes, 2, bytes.length - 2);
}

describe('parseDecimal', () => {
  it.each([
    '0',
    '-0',
    '1',
    '95924.51400000',
    '8919373066.39050000',
    '0.00000001',
    '-12.5',
    '20128184.00000000',
    '9007199254740991',
    '9007199254740993',
    '123456789012345678901234567890',
    '0.1000000000000000000000001',
    '1.00000000000000000000000000000000000001',
    '1.0000000000000000000000000',
    '-0.000000000000000000000000000000',
    '7.50000000000000000000000000',
    '.5',
    '1.',
    '1e5',
    '+3',
    ' 7',
    '1.2.3',
    'abc',
    '-',
    '0x10',
    'Infinity',
    '٣',
  ])('%j reads as Number does', (text) => {
    expect(Object.is(parseDecimal(text), Number(text))).toBe(true);
  });

  it('reads the empty field as no number at all', () => {
    expect(parseDecimal('')).toBeNaN();
  });

  it('agrees with Number on 200 000 random decimals of every length and scale', () => {
    const random = seededRandom(11);
    const digits = (count: number) =>
      Array.from({ length: count }, () => String(Math.floor(random() * 10))).join('');
    for (let index = 0; index < 200_000; index++) {
      const whole = digits(1 + Math.floor(random() * 18));
      const fraction = random() < 0.2 ? '' : `.${digits(1 + Math.floor(random() * 14))}`;
      const text = `${random() < 0.1 ? '-' : ''}${whole}${fraction}`;
      const parsed = parseDecimal(text);
      if (!Object.is(parsed, Number(text))) expect({ text, parsed }).toEqual({ text, parsed: Number(text) });
    }
  });
});
