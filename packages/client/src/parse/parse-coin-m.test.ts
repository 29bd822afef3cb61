import { ResponseValidationError } from '@oi/retry';
import { describe, expect, it } from 'vitest';
import {
  parseCoinMExchangeInfo,
  parseCoinMMarkPriceList,
  parseCoinMOpenInterest,
  parseCoinMOpenInterestHistory,
  parseCoinMTicker24hList,
  pickSymbolEntry,
} from './parse-coin-m.ts';

const target = { method: 'GET', endpoint: '/dapi/v1/premiumIndex?symbol=BTCUSD_PERP' };

// Real dapi rows (binance-api.md 3.1, 3.2).
const REAL_HISTORY_ROW = {
  contractType: 'PERPETUAL',
  sumOpenInterest: '2909783.00000000',
  sumOpenInterestValue: '3377.42432722',
  pair: 'BTCUSD',
  timestamp: 1791284100000,
};

const SYMBOL = {
  symbol: 'BTCUSD_261225',
  pair: 'BTCUSD',
  contractType: 'CURRENT_QUARTER',
  deliveryDate: 1798185600000,
  onboardDate: 1782460800000,
  contractStatus: 'TRADING',
  contractSize: 100,
  baseAsset: 'BTC',
  quoteAsset: 'USD',
  marginAsset: 'BTC',
  equalQtyPrecision: 4,
};

describe('COIN-M parsers', () => {
  it('label history rows, which name only the pair, with the contract asked for', () => {
    const body = JSON.stringify([
      { ...REAL_HISTORY_ROW, timestamp: REAL_HISTORY_ROW.timestamp + 300_000 },
      REAL_HISTORY_ROW,
    ]);
    const rows = parseCoinMOpenInterestHistory(target, body, 0, Number.MAX_SAFE_INTEGER, 'BTCUSD_PERP');
    expect(rows).toEqual([
      {
        symbol: 'BTCUSD_PERP',
        timestampMs: 1791284100000,
        sumOpenInterest: '2909783.00000000',
        sumOpenInterestValue: '3377.42432722',
      },
      {
        symbol: 'BTCUSD_PERP',
        timestampMs: 1791284400000,
        sumOpenInterest: '2909783.00000000',
        sumOpenInterestValue: '3377.42432722',
      },
    ]);
    expect(parseCoinMOpenInterestHistory(target, body, 0, 1791284100000, 'BTCUSD_PERP')).toHaveLength(1);
  });

  it('read contracts from openInterest exactly', () => {
    const body =
      '{"symbol":"BTCUSD_PERP","pair":"BTCUSD","openInterest":"12668208","contractType":"PERPETUAL","time":1791284692616}';
    expect(parseCoinMOpenInterest(target, body)).toEqual({
      symbol: 'BTCUSD_PERP',
      openInterest: '12668208',
      timeMs: 1791284692616,
    });
  });

  it('give exchangeInfo the contractStatus as status and the contractSize', () => {
    const body = JSON.stringify({ serverTime: 1, rateLimits: [], symbols: [SYMBOL] });
    expect(parseCoinMExchangeInfo(target, body).symbols[0]).toEqual({
      symbol: 'BTCUSD_261225',
      pair: 'BTCUSD',
      contractType: 'CURRENT_QUARTER',
      status: 'TRADING',
      onboardDateMs: 1782460800000,
      deliveryDateMs: 1798185600000,
      baseAsset: 'BTC',
      quoteAsset: 'USD',
      marginAsset: 'BTC',
      contractSize: 100,
    });
    const { contractSize: _, ...withoutSize } = SYMBOL;
    const noSize = JSON.stringify({ serverTime: 1, rateLimits: [], symbols: [withoutSize] });
    expect(() => parseCoinMExchangeInfo(target, noSize)).toThrow(ResponseValidationError);
  });

  it('read tickers with baseVolume and without quoteVolume, and refuse one without baseVolume', () => {
    const entry = {
      symbol: 'BTCUSD_PERP',
      pair: 'BTCUSD',
      lastPrice: '97000.1',
      volume: '1234567',
      baseVolume: '1272.74948453',
      openTime: 1,
      closeTime: 2,
    };
    const [ticker] = parseCoinMTicker24hList(target, JSON.stringify([entry]));
    expect(ticker).toEqual({
      symbol: 'BTCUSD_PERP',
      lastPrice: '97000.1',
      volume: '1234567',
      baseVolume: '1272.74948453',
      openTimeMs: 1,
      closeTimeMs: 2,
    });
    const { baseVolume: _, ...withoutBase } = entry;
    expect(() => parseCoinMTicker24hList(target, JSON.stringify([withoutBase]))).toThrow(
      ResponseValidationError,
    );
  });

  it('pick the one entry of a one-symbol answer, and refuse an answer that is not exactly it', () => {
    const entry = { symbol: 'BTCUSD_PERP', pair: 'BTCUSD', markPrice: '1.0', indexPrice: '1.0', time: 5 };
    const marks = parseCoinMMarkPriceList(target, JSON.stringify([entry]));
    expect(pickSymbolEntry(target, marks, 'BTCUSD_PERP')).toEqual({
      symbol: 'BTCUSD_PERP',
      markPrice: '1.0',
      indexPrice: '1.0',
      timeMs: 5,
    });
    expect(() => pickSymbolEntry(target, marks, 'ETHUSD_PERP')).toThrow(ResponseValidationError);
    expect(() => pickSymbolEntry(target, [...marks, ...marks], 'BTCUSD_PERP')).toThrow(
      ResponseValidationError,
    );
    expect(() => pickSymbolEntry(target, [], 'BTCUSD_PERP')).toThrow(ResponseValidationError);
  });
});
