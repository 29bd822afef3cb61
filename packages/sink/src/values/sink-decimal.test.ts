import { describe, expect, it } from 'vitest';
import { sameDecimal, shortDecimal, storableDecimal, toFixedDecimal } from './sink-decimal.ts';

describe('toFixedDecimal', () => {
  it.each([
    ['96268.02', '96268.020000000000000000'],
    ['96268.02000000', '96268.020000000000000000'],
    ['8175197334.30990000', '8175197334.309900000000000000'],
    ['0', '0.000000000000000000'],
    ['-0.000', '0.000000000000000000'],
    ['007.5', '7.500000000000000000'],
    ['-1.5', '-1.500000000000000000'],
    ['1e-8', '0.000000010000000000'],
    ['9.626802E4', '96268.020000000000000000'],
    ['12345678901234567890', '12345678901234567890.000000000000000000'],
    ['0.123456789012345678', '0.123456789012345678'],
    ['1.2345678901234567890000', '1.234567890123456789'],
    ['1e19', '10000000000000000000.000000000000000000'],
  ])('%s is %s', (text, fixed) => {
    expect(toFixedDecimal(text)).toBe(fixed);
  });

  it.each([
    ['123456789012345678901', 'more than 20 integer digits'],
    ['0.0000000000000000001', 'more than 18 fraction digits'],
    ['1e20', 'an exponent beyond 20 integer digits'],
    ['1e-19', 'an exponent beyond 18 fraction digits'],
    ['1e9999', 'a huge exponent'],
    ['', 'empty text'],
    ['1.', 'a bare point'],
    ['.5', 'no integer part'],
    ['NaN', 'not a number'],
    [' 1', 'spaces'],
    ['1,5', 'a comma'],
  ])('refuses %j (%s)', (text) => {
    expect(toFixedDecimal(text)).toBeUndefined();
  });
});

describe('shortDecimal', () => {
  it.each([
    ['96268.020000000000000000', '96268.02'],
    ['100.000000000000000000', '100'],
    ['0.000000000000000000', '0'],
    ['-0.500000000000000000', '-0.5'],
    ['42', '42'],
  ])('%s is %s', (fixed, short) => {
    expect(shortDecimal(fixed)).toBe(short);
  });
});

describe('toFixedDecimal on fixed spellings', () => {
  it.each([
    ['96268.020000000000000000', '96268.020000000000000000'],
    ['-0.000000000000000000', '0.000000000000000000'],
    ['00.100000000000000000', '0.100000000000000000'],
    ['-5.000000000000000000', '-5.000000000000000000'],
  ])('%s is %s', (text, fixed) => {
    expect(toFixedDecimal(text)).toBe(fixed);
  });
});

describe('storableDecimal', () => {
  it.each([
    ['96268.02000000', '96268.02000000'],
    ['007.5', '007.5'],
    ['12345678901234567890.123456789012345678000', '12345678901234567890.123456789012345678000'],
    ['1e-8', '0.000000010000000000'],
    ['123456789012345678901', undefined],
    ['0.0000000000000000001', undefined],
    ['1e20', undefined],
    ['abc', undefined],
  ])('%s gives %s', (text, storable) => {
    expect(storableDecimal(text)).toBe(storable);
  });
});

describe('sameDecimal', () => {
  it.each([
    ['96268.02', '96268.020000000000000000', true],
    ['1e3', '1000', true],
    ['-0', '0.000', true],
    ['1.5', '1.50000001', false],
    ['10', '1', false],
  ])('%s and %s: %s', (a, b, same) => {
    expect(sameDecimal(a, b)).toBe(same);
  });
});
