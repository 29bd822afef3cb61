import { describe, expect, it } from 'vitest';
import {
  maskUrlPassword,
  parseDateBound,
  parseDurationMs,
  parseHttpUrl,
  parseInteger,
  parseProxyUrl,
  parseSymbolList,
} from './value-parsers.ts';

describe('value parsers', () => {
  it.each([
    ['2024-01-31', 'start', Date.UTC(2024, 0, 31)],
    ['2024-01-31', 'end', Date.UTC(2024, 1, 1)],
    ['2024-02-29', 'start', Date.UTC(2024, 1, 29)],
    ['2024-01-31T12:00', 'end', Date.UTC(2024, 0, 31, 12)],
    ['2024-01-31T12:00:30.5Z', 'start', Date.UTC(2024, 0, 31, 12, 0, 30, 500)],
    ['2024-01-31T12:00+01:00', 'start', Date.UTC(2024, 0, 31, 11)],
  ] as const)('parses the date %s (%s)', (text, bound, expected) => {
    expect(parseDateBound(text, '--from', bound)).toEqual({ ok: true, value: expected });
  });

  it.each(['2023-02-29', '2024-13-01', '24-01-01', '2024/01/01', 'yesterday', '2024-01-01T25:00Z', ''])(
    'rejects the date %j',
    (text) => {
      expect(parseDateBound(text, '--from', 'start')).toMatchObject({
        ok: false,
        problem: /invalid date in --from/,
      });
    },
  );

  it.each([
    ['2', 7_200_000],
    ['0.25', 900_000],
    ['90m', 5_400_000],
    ['1d', 86_400_000],
    ['30s', 30_000],
  ])('parses the duration %s', (text, ms) => {
    expect(parseDurationMs(text, '--hours')).toEqual({ ok: true, value: ms });
  });

  it.each(['-1', '0', 'x', '2w', ''])('rejects the duration %j', (text) => {
    expect(parseDurationMs(text, '--hours').ok).toBe(false);
  });

  it('splits, checks and dedupes symbol lists', () => {
    expect(parseSymbolList(['BTCUSDT,ETHUSDT', 'BTCUSDT', ' SOLUSDT '], '-S')).toEqual({
      ok: true,
      value: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'],
    });
    expect(parseSymbolList(['BTCUSDT', 'X'], '-S')).toMatchObject({ ok: false, problem: /found "X"/ });
  });

  it('checks integers, URLs and proxies', () => {
    expect(parseInteger('12', '--top', 1, 100)).toEqual({ ok: true, value: 12 });
    expect(parseInteger('1.5', '--top', 1, 100).ok).toBe(false);
    expect(parseInteger('0', '--top', 1, 100).ok).toBe(false);
    expect(parseHttpUrl('http://127.0.0.1:8080/', '--fapi-url')).toEqual({
      ok: true,
      value: 'http://127.0.0.1:8080',
    });
    expect(parseHttpUrl('127.0.0.1:8080', '--fapi-url').ok).toBe(false);
    expect(parseProxyUrl('socks5h://127.0.0.1:1080', '--socks-proxy', 'socks').ok).toBe(true);
    expect(parseProxyUrl('socks5://127.0.0.1:1080', '--http-proxy', 'http').ok).toBe(false);
  });

  it('masks proxy passwords, and never prints them in an error', () => {
    expect(maskUrlPassword('http://user:s3cret@proxy:3128')).toBe('http://user:***@proxy:3128');
    expect(maskUrlPassword('http://proxy:3128')).toBe('http://proxy:3128');
    const bad = parseProxyUrl('ftp://user:s3cret@proxy:21', 'HTTP_PROXY', 'http');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problem).not.toContain('s3cret');
  });
});
