import { hasErrorCode, OiError } from '@oi/errors';
import { describe, expect, it } from 'vitest';
import {
  BinanceApiError,
  isBinanceApiError,
  isNetworkError,
  isRequestTimeoutError,
  isResponseValidationError,
  NetworkError,
  RequestTimeoutError,
  ResponseValidationError,
} from './errors.ts';

const target = { method: 'GET', endpoint: '/fapi/v1/time' };

describe('errors', () => {
  it('name the failure and the request, and chain the cause', () => {
    const cause = new Error('read ECONNRESET', {
      cause: Object.assign(new Error('inner'), { code: 'ECONNRESET' }),
    });
    const network = new NetworkError({ ...target, cause });
    expect(network.message).toBe('Network failure (ECONNRESET): GET /fapi/v1/time');
    expect(network.errorCode).toBe('ECONNRESET');
    expect(network.cause).toBe(cause);

    const timeout = new RequestTimeoutError({ ...target, timeoutMs: 250 });
    expect(timeout.message).toBe('No answer within 250 ms: GET /fapi/v1/time');

    const invalid = new ResponseValidationError({ ...target, issues: ['a', 'b', 'c', 'd', 'e'] });
    expect(invalid.message).toBe('Unexpected response body (a; b; c (+2 more)): GET /fapi/v1/time');
    expect(invalid.issues).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('keep the numeric Binance code apart from the stable string code', () => {
    const error = new BinanceApiError({ ...target, status: 400, binanceCode: -1121, msg: 'Invalid symbol.' });
    expect(error.code).toBe('BINANCE_API');
    expect(error.binanceCode).toBe(-1121);
    expect(error.name).toBe('BinanceApiError');
    expect(error.message).toBe('Binance answered 400 -1121 Invalid symbol.: GET /fapi/v1/time');
  });

  it('take a system code from the cause chain, never an OiError code', () => {
    const inner = new RequestTimeoutError({ ...target, timeoutMs: 1 });
    expect(new NetworkError({ ...target, cause: inner }).errorCode).toBeUndefined();
  });

  it('are OiErrors with stable codes, told apart by their guards', () => {
    const all = [
      [new BinanceApiError({ ...target, status: 500 }), 'BINANCE_API'],
      [new NetworkError(target), 'NETWORK'],
      [new RequestTimeoutError({ ...target, timeoutMs: 1 }), 'REQUEST_TIMEOUT'],
      [new ResponseValidationError({ ...target, issues: [] }), 'RESPONSE_INVALID'],
    ] as const;
    const guards = [isBinanceApiError, isNetworkError, isRequestTimeoutError, isResponseValidationError];
    for (const [i, [error, code]] of all.entries()) {
      expect(error).toBeInstanceOf(OiError);
      expect(hasErrorCode(error, code)).toBe(true);
      expect(guards.map((guard) => guard(error))).toEqual(guards.map((_, j) => i === j));
    }
  });
});
