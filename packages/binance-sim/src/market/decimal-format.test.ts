import { describe, expect, it } from 'vitest';
import { baseCoinValue } from './base-coin-value.ts';
import {
  addLastUnit,
  divideDecimals,
  formatFixed,
  multiplyDecimals,
  padDecimals,
  trimDecimals,
} from './decimal-format.ts';

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

  it.each([
    ['10', '3', 8, '3.33333333'],
    ['2', '3', 8, '0.66666666'],
    ['1266820800', '97012.30000000', 8, '13058.35239449'],
    ['290978300', '86153.2', 8, '3377.45202731'],
    ['1', '8', 2, '0.12'],
    ['-1', '8', 2, '-0.12'],
    ['1', '-3', 4, '-0.3333'],
    ['0', '7', 3, '0.000'],
    ['6', '2', 0, '3'],
  ])('[3] divideDecimals(%s, %s, %i) = %s: exact, truncated toward zero', (a, b, decimals, expected) => {
    expect(divideDecimals(a, b, decimals)).toBe(expected);
  });

  it('[3] divideDecimals refuses a zero divisor', () => {
    expect(() => divideDecimals('1', '0.000', 8)).toThrow(RangeError);
  });

  it.each([
    ['12668208', 100, '97012.30000000', '13058.35239449'],
    ['2909783', 100, '86153.2', '3377.45202731'],
    ['3500000', 10, '3400.00000000', '10294.11764705'],
    ['0', 10, '3400.5', '0.00000000'],
  ])('[3] baseCoinValue(%s contracts x %i USD / %s) = %s coins', (contracts, size, mark, expected) => {
    expect(baseCoinValue(contracts, size, mark)).toBe(expected);
  });
});
