import { describe, expect, it } from 'vitest';
import { parseBinanceErrorResponse, parseRetryAfterMs } from './parse-binance-error.ts';

const target = { method: 'GET', endpoint: '/fapi/v1/openInterest?symbol=FOO' };

describe('parseBinanceErrorResponse', () => {
  it('reads code and msg whatever the key order, and says what and where', () => {
    const error = parseBinanceErrorResponse({
      ...target,
      status: 400,
      bodyText: '{"msg":"Invalid symbol.","code":-1121}',
      receivedAtMs: 1000,
    });
    expect(error.binanceCode).toBe(-1121);
    expect(error.msg).toBe('Invalid symbol.');
    expect(error.bodySnippet).toBeUndefined();
    expect(error.message).toBe(
      'Binance answered 400 -1121 Invalid symbol.: GET /fapi/v1/openInterest?symbol=FOO',
    );
  });

  it('takes the ban end of a 418 from its message', () => {
    const error = parseBinanceErrorResponse({
      ...target,
      status: 418,
      bodyText:
        '{"code":-1003,"msg":"Way too many requests; IP(1.2.3.4) banned until 1721393459728. Please use the websocket for live updates to avoid bans."}',
      receivedAtMs: 1721393000000,
    });
    expect(error.bannedUntilMs).toBe(1721393459728);
  });

  it('takes the ban end of a 418 from Retry-After when the message has none', () => {
    const error = parseBinanceErrorResponse({
      ...target,
      status: 418,
      bodyText: '{"code":-1003,"msg":"Way too many requests."}',
      retryAfter: '120',
      receivedAtMs: 5000,
    });
    expect(error.retryAfterMs).toBe(120_000);
    expect(error.bannedUntilMs).toBe(125_000);
  });

  it('does not read a ban end from a 429', () => {
    const error = parseBinanceErrorResponse({
      ...target,
      status: 429,
      bodyText: '{"code":-1003,"msg":"banned until 1721393459728"}',
      receivedAtMs: 5000,
    });
    expect(error.bannedUntilMs).toBeUndefined();
  });

  it('keeps a snippet of a non-JSON body such as a WAF page', () => {
    const html = `<html><body>${'x'.repeat(500)}</body></html>`;
    const error = parseBinanceErrorResponse({ ...target, status: 403, bodyText: html, receivedAtMs: 0 });
    expect(error.binanceCode).toBeUndefined();
    expect(error.bodySnippet).toBe(html.slice(0, 200));
    expect(error.message).toContain('Binance answered 403 (body: "<html><body>xxx');
    expect(error.message).toMatch(/: GET \/fapi\/v1\/openInterest\?symbol=FOO$/);
  });
});

describe('parseRetryAfterMs', () => {
  it.each([
    ['absent', undefined, undefined],
    ['null', null, undefined],
    ['seconds', '30', 30_000],
    ['fractional seconds', '1.5', 1500],
    ['HTTP date', new Date(70_000).toUTCString(), 60_000],
    ['date in the past', new Date(0).toUTCString(), 0],
    ['garbage', 'soon', undefined],
  ])('%s', (_name, value, expected) => {
    expect(parseRetryAfterMs(value, 10_000)).toBe(expected);
  });
});
