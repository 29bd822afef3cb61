import { isResponseValidationError, ResponseValidationError } from '@oi/retry';
import { describe, expect, it } from 'vitest';
import {
  parseExchangeInfo,
  parseOpenInterest,
  parseOpenInterestHistory,
  parseServerTime,
  parseTicker24h,
} from './parse-response.ts';

const target = { method: 'GET', endpoint: '/futures/data/openInterestHist?symbol=BTCUSDT' };

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('parseOpenInterestHistory', () => {
  it('keeps exact strings, accepts string timestamps, sorts, dedupes and drops strays', () => {
    const body = JSON.stringify([
      { symbol: 'BTCUSDT', sumOpenInterest: '3.100', sumOpenInterestValue: '9.50', timestamp: '600000' },
      {
        symbol: 'BTCUSDT',
        sumOpenInterest: '1.000',
        sumOpenInterestValue: '2.00',
        CMCCirculatingSupply: '19.5',
        timestamp: 300000,
      },
      { symbol: 'BTCUSDT', sumOpenInterest: '9.999', sumOpenInterestValue: '9.99', timestamp: 300000 },
      { symbol: 'BTCUSDT', sumOpenInterest: '7.000', sumOpenInterestValue: '7.00', timestamp: 900000 },
      {
        symbol: 'BTCUSDT',
        sumOpenInterest: '0.5',
        sumOpenInterestValue: '0.5',
        CMCCirculatingSupply: '',
        timestamp: 0,
      },
    ]);
    expect(parseOpenInterestHistory(target, body, 300_000, 600_000)).toEqual([
      {
        symbol: 'BTCUSDT',
        timestampMs: 300000,
        sumOpenInterest: '1.000',
        sumOpenInterestValue: '2.00',
        cmcCirculatingSupply: '19.5',
      },
      { symbol: 'BTCUSDT', timestampMs: 600000, sumOpenInterest: '3.100', sumOpenInterestValue: '9.50' },
    ]);
    const [first] = parseOpenInterestHistory(target, body, 0, 0);
    expect(first).toEqual({
      symbol: 'BTCUSDT',
      timestampMs: 0,
      sumOpenInterest: '0.5',
      sumOpenInterestValue: '0.5',
    });
    expect(first && 'cmcCirculatingSupply' in first).toBe(false);
  });

  it('raises ResponseValidationError naming the endpoint for truncated JSON', () => {
    const error = caught(() => parseOpenInterestHistory(target, '[{"symbol":"BTCUSDT","sumOpen', 0, 1));
    expect(isResponseValidationError(error)).toBe(true);
    expect((error as ResponseValidationError).message).toMatch(
      /^Unexpected response body \(body is not JSON \(29 chars\).*\): GET \/futures\/data\/openInterestHist\?symbol=BTCUSDT$/,
    );
  });

  it('reports where a row does not match', () => {
    const body = JSON.stringify([
      { symbol: 'BTCUSDT', sumOpenInterest: 12, sumOpenInterestValue: '1', timestamp: 1 },
    ]);
    const error = caught(() => parseOpenInterestHistory(target, body, 0, 10)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatch(/^0\.sumOpenInterest: /);
  });

  it('rejects a non-decimal quantity and a non-numeric timestamp string', () => {
    for (const row of [
      { symbol: 'X', sumOpenInterest: '1e5', sumOpenInterestValue: '1', timestamp: 1 },
      { symbol: 'X', sumOpenInterest: '1', sumOpenInterestValue: '1', timestamp: 'soon' },
    ]) {
      expect(() => parseOpenInterestHistory(target, JSON.stringify([row]), 0, 10)).toThrow(
        ResponseValidationError,
      );
    }
  });
});

describe('other parsers', () => {
  it('map raw names to the project names and freeze the records', () => {
    const oi = parseOpenInterest(
      target,
      '{"symbol":"BTCUSDT","openInterest":"10659.509","time":1589437530011}',
    );
    expect(oi).toEqual({ symbol: 'BTCUSDT', openInterest: '10659.509', timeMs: 1589437530011 });
    expect(Object.isFrozen(oi)).toBe(true);
    expect(parseServerTime(target, '{"serverTime":1789478319738}')).toBe(1789478319738);
    const ticker = parseTicker24h(
      target,
      '{"symbol":"BTCUSDT","lastPrice":"4.00","volume":"8913.30","quoteVolume":"15.30","openTime":1499783499040,"closeTime":1499869899040,"count":76,"firstId":1}',
    );
    expect(ticker).toEqual({
      symbol: 'BTCUSDT',
      lastPrice: '4.00',
      volume: '8913.30',
      quoteVolume: '15.30',
      openTimeMs: 1499783499040,
      closeTimeMs: 1499869899040,
      tradeCount: 76,
    });
  });

  it('reads rate limits with their window in ms', () => {
    const info = parseExchangeInfo(
      target,
      JSON.stringify({
        serverTime: 1,
        rateLimits: [
          { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 },
          { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 300 },
        ],
        symbols: [],
      }),
    );
    expect(info.rateLimits).toEqual([
      { type: 'REQUEST_WEIGHT', intervalMs: 60_000, limit: 2400 },
      { type: 'ORDERS', intervalMs: 10_000, limit: 300 },
    ]);
  });

  it('rejects a body of the wrong shape', () => {
    expect(() => parseServerTime(target, '{"serverTime":"1789478319738"}')).toThrow(/serverTime/);
    expect(() => parseOpenInterest(target, '<html>502</html>')).toThrow(ResponseValidationError);
  });
});
