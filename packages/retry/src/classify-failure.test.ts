import { describe, expect, it } from 'vitest';
import { classifyFailure, type FailureClass } from './classify-failure.ts';
import {
  BinanceApiError,
  type BinanceApiErrorDetails,
  IpBannedError,
  NetworkError,
  RequestTimeoutError,
  ResponseValidationError,
} from './errors.ts';

const HIST = '/futures/data/openInterestHist?symbol=BTCUSDT&period=5m&startTime=1&endTime=2';
const OI = '/fapi/v1/openInterest?symbol=BTCUSDT';

function api(details: Omit<BinanceApiErrorDetails, 'method' | 'endpoint'> & { endpoint?: string }) {
  return new BinanceApiError({ method: 'GET', endpoint: OI, ...details });
}

const abortError = new DOMException('This operation was aborted', 'AbortError');

const rows: ReadonlyArray<readonly [string, unknown, FailureClass]> = [
  ['network reset', new NetworkError({ method: 'GET', endpoint: OI }), { kind: 'retry', reason: 'network' }],
  [
    'client timeout',
    new RequestTimeoutError({ method: 'GET', endpoint: OI, timeoutMs: 10 }),
    { kind: 'retry', reason: 'timeout' },
  ],
  [
    'truncated body',
    new ResponseValidationError({ method: 'GET', endpoint: OI, issues: ['bad json'] }),
    { kind: 'retry', reason: 'invalid-response' },
  ],
  ['408 backend timeout', api({ status: 408 }), { kind: 'retry', reason: 'timeout' }],
  ['500', api({ status: 500 }), { kind: 'retry', reason: 'server-error' }],
  ['502 html', api({ status: 502, bodySnippet: '<html>' }), { kind: 'retry', reason: 'server-error' }],
  [
    '503 unknown (-1000)',
    api({ status: 503, binanceCode: -1000 }),
    { kind: 'retry', reason: 'execution-unknown' },
  ],
  [
    '503 -1007 timeout',
    api({ status: 503, binanceCode: -1007 }),
    { kind: 'retry', reason: 'execution-unknown' },
  ],
  ['503 service unavailable', api({ status: 503 }), { kind: 'retry', reason: 'server-error' }],
  [
    '503 -1008 throttled',
    api({ status: 503, binanceCode: -1008 }),
    { kind: 'retry', reason: 'server-error' },
  ],
  [
    '429 with Retry-After',
    api({ status: 429, binanceCode: -1003, retryAfterMs: 7000, receivedAtMs: 120_500 }),
    { kind: 'retry', reason: 'rate-limited', retryAfterMs: 7000 },
  ],
  [
    '429 without Retry-After waits for the next minute',
    api({ status: 429, binanceCode: -1003, receivedAtMs: 120_500 }),
    { kind: 'retry', reason: 'rate-limited', retryAfterMs: 59_500 },
  ],
  [
    '429 exactly on a minute waits a full minute',
    api({ status: 429, binanceCode: -1003, receivedAtMs: 180_000 }),
    { kind: 'retry', reason: 'rate-limited', retryAfterMs: 60_000 },
  ],
  [
    '418 with Retry-After waits it out',
    api({ status: 418, binanceCode: -1003, retryAfterMs: 240_000, bannedUntilMs: 1721393459728 }),
    { kind: 'retry', reason: 'ip-banned', retryAfterMs: 240_000, bannedUntilMs: 1721393459728 },
  ],
  [
    '418 with only the ban end in the body waits until it',
    api({ status: 418, binanceCode: -1003, bannedUntilMs: 1721393459728, receivedAtMs: 1721393400000 }),
    { kind: 'retry', reason: 'ip-banned', retryAfterMs: 59_728, bannedUntilMs: 1721393459728 },
  ],
  [
    '418 with a ban end but no receive time cannot be timed',
    api({ status: 418, binanceCode: -1003, bannedUntilMs: 1721393459728 }),
    { kind: 'fatal', reason: 'ip-banned' },
  ],
  ['418 without ban end', api({ status: 418, binanceCode: -1003 }), { kind: 'fatal', reason: 'ip-banned' }],
  ['403 WAF html', api({ status: 403, bodySnippet: '<html>' }), { kind: 'fatal', reason: 'waf-blocked' }],
  [
    '451 restricted (code 0)',
    api({ status: 451, binanceCode: 0 }),
    { kind: 'fatal', reason: 'restricted-location' },
  ],
  ['-1121 bad symbol', api({ status: 400, binanceCode: -1121 }), { kind: 'fatal', reason: 'invalid-symbol' }],
  ['-4108 not tradable', api({ status: 400, binanceCode: -4108 }), { kind: 'fatal', reason: 'not-tradable' }],
  [
    '-1130 with time bounds',
    api({ status: 400, binanceCode: -1130, endpoint: HIST }),
    { kind: 'fatal', reason: 'beyond-retention' },
  ],
  [
    '-1130 without time bounds',
    api({
      status: 400,
      binanceCode: -1130,
      endpoint: '/futures/data/openInterestHist?symbol=X&period=5m&limit=0',
    }),
    { kind: 'fatal', reason: 'bad-request' },
  ],
  ['-1102 missing param', api({ status: 400, binanceCode: -1102 }), { kind: 'fatal', reason: 'bad-request' }],
  ['404', api({ status: 404 }), { kind: 'fatal', reason: 'bad-request' }],
  ['abort', abortError, { kind: 'fatal', reason: 'aborted' }],
  [
    'a ban longer than the caller waits',
    new IpBannedError({ bannedUntilMs: 1721393459728, maxBanWaitMs: 900_000 }),
    { kind: 'fatal', reason: 'ip-banned', bannedUntilMs: 1721393459728 },
  ],
  ['programming error', new TypeError('x is undefined'), { kind: 'fatal', reason: 'unknown' }],
  ['non-error value', 'boom', { kind: 'fatal', reason: 'unknown' }],
];

describe('classifyFailure', () => {
  it.each(rows)('%s', (_name, error, expected) => {
    expect(classifyFailure(error)).toEqual(expected);
  });

  it('ignores message text: a 400 whose msg mentions a ban is still a bad request', () => {
    const error = api({
      status: 400,
      binanceCode: -1100,
      msg: 'banned until 1721393459728; too many requests',
    });
    expect(classifyFailure(error)).toEqual({ kind: 'fatal', reason: 'bad-request' });
  });
});
