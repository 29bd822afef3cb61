import { describe, expect, it } from 'vitest';
import {
  BinanceApiError,
  isBinanceApiError,
  isNetworkError,
  isOiError,
  isRequestTimeoutError,
  isResponseValidationError,
  NetworkError,
  OiError,
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

  it('have guards that tell them apart', () => {
    const all = [
      new BinanceApiError({ ...target, status: 500 }),
      new NetworkError(target),
      new RequestTimeoutError({ ...target, timeoutMs: 1 }),
      new ResponseValidationError({ ...target, issues: [] }),
    ];
    const guards = [isBinanceApiError, isNetworkError, isRequestTimeoutError, isResponseValidationError];
    for (const [i, error] of all.entries()) {
      expect(error).toBeInstanceOf(OiError);
      expect(isOiError(error)).toBe(true);
      expect(guards.map((guard) => guard(error))).toEqual(guards.map((_, j) => i === j));
    }
    expect(isOiError(new Error('plain'))).toBe(false);
  });
});
