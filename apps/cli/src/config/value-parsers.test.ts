import { underForeignLocale } from '@oi/test-support';
import { Settings } from 'luxon';
import { describe, expect, it } from 'vitest';
import { maskSecrets } from './mask-secrets.ts';
import {
  parseDateBound,
  parseDurationMs,
  parseHttpUrl,
  parseInteger,
  parseProxyUrl,
} from './value-parsers.ts';

describe('value parsers', () => {
  it.each([
    ['2024-01-31', 'start', Date.UTC(2024, 0, 31)],
    ['2024-01-31', 'end', Date.UTC(2024, 1, 1)],
    ['2024-02-29', 'start', Date.UTC(2024, 1, 29)],
    ['2024-12-31', 'end', Date.UTC(2025, 0, 1)],
    ['2024-01-31T12:00', 'end', Date.UTC(2024, 0, 31, 12)],
    ['2024-01-31T12:00:30', 'start', Date.UTC(2024, 0, 31, 12, 0, 30)],
    ['2024-01-31T12:00:30.5Z', 'start', Date.UTC(2024, 0, 31, 12, 0, 30, 500)],
    ['2024-01-31T12:00:30.125', 'start', Date.UTC(2024, 0, 31, 12, 0, 30, 125)],
    ['2024-01-31T12:00+01:00', 'start', Date.UTC(2024, 0, 31, 11)],
    ['2024-01-31T12:00:00-05:30', 'start', Date.UTC(2024, 0, 31, 17, 30)],
    // ISO 8601's end of a day, which luxon accepts: the next midnight.
    ['2024-01-31T24:00', 'end', Date.UTC(2024, 1, 1)],
  ] as const)('parses the date %s (%s)', (text, bound, expected) => {
    expect(parseDateBound(text, '--from', bound)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['2023-02-29', 'not a leap year'],
    ['2024-02-30', 'no such day'],
    ['2024-04-31', 'no such day'],
    ['2024-13-01', 'no month 13'],
    ['2024-00-10', 'no month 0'],
    ['24-01-01', 'two-digit year'],
    ['2024-1-01', 'one-digit month'],
    ['2024/01/01', 'slashes'],
    ['2024-01-01 ', 'trailing space'],
    ['yesterday', 'a word'],
    ['2024', 'a bare year'],
    ['2024-01', 'a month'],
    ['2024-W05-3', 'a week date'],
    ['2024-031', 'an ordinal date'],
    ['2024-01-31T12', 'an hour without minutes'],
    ['2024-01-31 12:00', 'a space instead of T'],
    ['2024-01-01T25:00Z', 'hour 25'],
    ['2024-01-31T24:30', 'past the end of the day'],
    ['2024-01-31T12:60', 'minute 60'],
    ['2024-01-31T12:00:60Z', 'second 60'],
    ['2024-02-30T12:00', 'no such day, with a time'],
    ['2024-01-31T12:00+0100', 'an offset without a colon'],
    ['', 'empty'],
  ])('rejects the date %j (%s) with one line', (text) => {
    expect(parseDateBound(text, '--from', 'start')).toEqual({
      ok: false,
      problem: `invalid date in --from: expected YYYY-MM-DD or an ISO date-time such as 2024-01-31T12:00Z, found ${JSON.stringify(text)}`,
    });
  });

  it.each([
    ['2', 7_200_000],
    ['0.25', 900_000],
    ['.5', 1_800_000],
    ['1.5h', 5_400_000],
    ['25h', 90_000_000],
    ['90m', 5_400_000],
    [' 90 m ', 5_400_000],
    ['1d', 86_400_000],
    ['30s', 30_000],
    ['0.0006s', 1],
  ])('parses the duration %j', (text, ms) => {
    expect(parseDurationMs(text, '--hours')).toEqual({ ok: true, value: ms });
  });

  it('reads dates and durations the same under a foreign machine locale, never loading ICU locale data', () => {
    const { icuLookups, underThai } = underForeignLocale(Settings, () => [
      parseDateBound('2024-02-29', '--to', 'end'),
      parseDateBound('2024-01-31T12:00+02:00', '--from', 'start'),
      parseDurationMs('90m', '--hours'),
    ]);
    expect(underThai).toEqual([
      { ok: true, value: Date.UTC(2024, 2, 1) },
      { ok: true, value: Date.UTC(2024, 0, 31, 10) },
      { ok: true, value: 5_400_000 },
    ]);
    expect(icuLookups).toBe(0);
  });

  it('reads a bare number in the unit asked for', () => {
    expect(parseDurationMs('2', '--days', 'd')).toEqual({ ok: true, value: 172_800_000 });
  });

  it.each(['-1', 'x', '2w', '', 'h', '1e3', '1.', '1h30m', '1,5h', 'PT1H'])(
    'rejects the duration %j',
    (text) => {
      expect(parseDurationMs(text, '--hours')).toEqual({
        ok: false,
        problem: `invalid duration in --hours: expected a positive number of hours or a value like 90m, 2h, 1d, found ${JSON.stringify(text)}`,
      });
    },
  );

  it.each(['0', '0m', '0.0001s'])('rejects the zero duration %j', (text) => {
    expect(parseDurationMs(text, '--hours')).toEqual({
      ok: false,
      problem: `invalid duration in --hours: expected more than zero, found ${JSON.stringify(text)}`,
    });
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

  it.each([
    ['https://fapi.example.com/gw/', '--fapi-url', true],
    ['https://user:s3cret@fapi.example.com', '--fapi-url', false],
    ['https://s3cret@fapi.example.com', '--fapi-url', false],
    ['https://fapi.example.com/?token=s3cret', 'BINANCE_FAPI_URL', false],
    ['https://fapi.example.com/gw?', '--archive-url', false],
    ['https://fapi.example.com/#top', '--archive-url', false],
    ['ftp://user:s3cret@fapi.example.com', '--archive-url', false],
    ['file:///etc/passwd', '--fapi-url', false],
  ])('base URL %s in %s: accepted %s, and a refusal never shows the secret', (text, source, accepted) => {
    const parsed = parseHttpUrl(text, source);
    expect(parsed.ok).toBe(accepted);
    if (!parsed.ok) {
      expect(parsed.problem).toContain(`invalid URL in ${source}`);
      expect(parsed.problem).not.toContain('s3cret');
    }
  });

  it.each([
    ['http://user:s3cret@proxy:3128', 'http://user:***@proxy:3128'],
    ['http://proxy:3128', 'http://proxy:3128'],
    ['https://t0ken-s3cret@host/x', 'https://***@host/x'],
    [
      'mysql://oi:s3cret@db:3306/oi?ssl=true&password=s3cret',
      'mysql://oi:***@db:3306/oi?ssl=true&password=***',
    ],
    [
      'cannot reach postgres://u:s3cret@db/oi (connect) and http://x:s3cret@proxy:1',
      'cannot reach postgres://u:***@db/oi (connect) and http://x:***@proxy:1',
    ],
    ['https://host/path?symbol=BTCUSDT&token=s3cret#frag', 'https://host/path?symbol=BTCUSDT&token=***#frag'],
    ['no url here: user:pass@host', 'no url here: user:pass@host'],
  ])('maskSecrets(%s)', (text, masked) => {
    expect(maskSecrets(text)).toBe(masked);
  });

  it('never prints a proxy password in an error', () => {
    const bad = parseProxyUrl('ftp://user:s3cret@proxy:21', 'HTTP_PROXY', 'http');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problem).not.toContain('s3cret');
  });
});
