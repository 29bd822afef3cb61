import { describe, expect, it } from 'vitest';
import { normalizeSymbols } from './symbol-list.ts';

describe('normalizeSymbols', () => {
  it.each([
    [
      ['BTCUSDT,ETHUSDT', 'BTCUSDT', ' SOLUSDT '],
      ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'],
    ],
    [
      ['BTCUSDT ETHUSDT', 'XRPUSDT,\tADAUSDT'],
      ['BTCUSDT', 'ETHUSDT', 'XRPUSDT', 'ADAUSDT'],
    ],
    [[',BTCUSDT,,', ''], ['BTCUSDT']],
    [
      ['BTCUSDT_240329', '1000PEPEUSDT'],
      ['BTCUSDT_240329', '1000PEPEUSDT'],
    ],
  ])('%j -> %j', (items, expected) => {
    expect(normalizeSymbols(items, '-S')).toEqual({ ok: true, value: expected });
  });

  it.each([
    [['BTCUSDT', 'X'], /^invalid symbol in -S: expected .*, found "X"$/],
    [['btcusdt'], /found "btcusdt"/],
    [['BTC-USDT'], /found "BTC-USDT"/],
    [['A'.repeat(33)], /found "A{33}"/],
    [[' , '], /^-S is empty: expected at least one symbol$/],
    [[], /^-S is empty/],
  ])('rejects %j', (items, problem) => {
    expect(normalizeSymbols(items, '-S')).toMatchObject({ ok: false, problem });
  });
});
