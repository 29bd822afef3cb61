import { describe, expect, it } from 'vitest';
import { addLastUnit, formatFixed, multiplyDecimals, padDecimals, trimDecimals } from './decimal-format.ts';

describe('decimal formatting', () => {
  it.each([
    ['94791.893', '97012.30000000', 8, '9195979561.28390000'],
    ['106289.693', '76913.1', 8, '8175069786.67830000'],
    ['1.23456789', '1.5', 8, '1.85185184'],
    ['0.5', '0.5', 1, '0.3'],
    ['0.25', '0.1', 2, '0.03'],
    ['-1.5', '2', 2, '-3.00'],
    ['123', '0.001', 8, '0.12300000'],
    ['0', '5.5', 3, '0.000'],
  ])('[1] multiplyDecimals(%s, %s, %i) = %s exactly', (a, b, decimals, expected) => {
    expect(multiplyDecimals(a, b, decimals)).toBe(expected);
  });

  it.each([
    ['94791.893', 8, '94791.89300000'],
    ['12', 8, '12.00000000'],
    ['3.1', 1, '3.1'],
    ['7', 0, '7'],
  ])('[1] padDecimals(%s, %i) = %s', (text, decimals, expected) => {
    expect(padDecimals(text, decimals)).toBe(expected);
  });

  it('[1] padDecimals refuses to drop digits', () => {
    expect(() => padDecimals('1.234', 2)).toThrow(RangeError);
  });

  it('[1] formatFixed never prints a negative zero', () => {
    expect(formatFixed(-0.0001, 2)).toBe('0.00');
    expect(formatFixed(1.005, 1)).toBe('1.0');
  });

  it.each([
    ['96268.02000000', '96268.02'],
    ['4706583953.32646000', '4706583953.32646'],
    ['5.00000000', '5'],
    ['0.00000000', '0'],
    ['100', '100'],
    ['1.91519612', '1.91519612'],
  ])('[4] trimDecimals(%s) = %s, the archive form', (text, expected) => {
    expect(trimDecimals(text)).toBe(expected);
  });

  it.each([
    ['95123.456', '95123.457'],
    ['99', '100'],
    ['0.9', '1.0'],
    ['0.099', '0.100'],
  ])('[4] addLastUnit(%s) = %s', (text, expected) => {
    expect(addLastUnit(text)).toBe(expected);
  });
});
