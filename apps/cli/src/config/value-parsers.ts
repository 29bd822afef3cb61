import { DAY_MS, LUXON_UTC } from '@oi/storage';
import { DateTime } from 'luxon';
import { maskSecrets } from './mask-secrets.ts';

/** The outcome of parsing one user-supplied value: the value, or what was wrong with it. */
export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: string };

/** winston's npm levels, most to least severe. */
export const LOG_LEVELS = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] as const;

/** A winston log level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(problem: string): Parsed<T> => ({ ok: false, problem });
const quote = (text: string): string => JSON.stringify(text);

/** A whole UTC day. */
const DAY_FORMAT = 'yyyy-MM-dd';

// The ISO 8601 instants accepted: minutes, seconds or a fraction of a second, then no zone (UTC), `Z`
// or an offset. Luxon's own ISO parser also takes week dates, ordinal dates and bare years, which a
// typo could turn into a valid but unintended range. The text's shape picks the one format luxon
// checks, so a valid date never makes luxon build an invalid DateTime (which would look up the
// machine's locale).
const DAY_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT_SHAPE =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?<seconds>:\d{2}(?<fraction>\.\d+)?)?(?<zone>Z|[+-].*)?$/;

/** The luxon format of a date argument, or undefined when its shape is none of those accepted. */
function dateFormatOf(text: string): string | undefined {
  if (DAY_SHAPE.test(text)) return DAY_FORMAT;
  const groups = INSTANT_SHAPE.exec(text)?.groups;
  if (groups === undefined) return undefined;
  const time =
    groups['seconds'] === undefined ? 'HH:mm' : groups['fraction'] === undefined ? 'HH:mm:ss' : 'HH:mm:ss.u';
  const zone = groups['zone'] === undefined ? '' : groups['zone'] === 'Z' ? "'Z'" : 'ZZ';
  return `${DAY_FORMAT}'T'${time}${zone}`;
}

/**
 * Parses a date argument to epoch ms. `YYYY-MM-DD` is a whole UTC day: its start for `bound: 'start'`,
 * the start of the next day for `bound: 'end'` (so `--to` includes the day it names). An ISO date-time
 * is an exact instant; without a zone it is read as UTC.
 */
export function parseDateBound(text: string, source: string, bound: 'start' | 'end'): Parsed<number> {
  const format = dateFormatOf(text);
  const parsed =
    format === undefined ? undefined : DateTime.fromFormat(text, format, { ...LUXON_UTC, setZone: true });
  if (parsed?.isValid) {
    // A UTC day is always 24 h long.
    return ok(parsed.toMillis() + (format === DAY_FORMAT && bound === 'end' ? DAY_MS : 0));
  }
  return fail(
    `invalid date in ${source}: expected YYYY-MM-DD or an ISO date-time such as 2024-01-31T12:00Z, found ${quote(text)}`,
  );
}

/** Milliseconds in one of each duration unit: fixed lengths, no calendar involved. */
const DURATION_UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: DAY_MS } as const;

/** Parses a duration: a bare number in `unit` (hours for `--hours`), or a number with s/m/h/d. */
export function parseDurationMs(text: string, source: string, bareUnit: 'h' | 'd' = 'h'): Parsed<number> {
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*([smhd])?$/.exec(text.trim());
  if (!match) {
    return fail(
      `invalid duration in ${source}: expected a positive number of ${bareUnit === 'h' ? 'hours' : 'days'} or a value like 90m, 2h, 1d, found ${quote(text)}`,
    );
  }
  const unitMs = DURATION_UNIT_MS[(match[2] ?? bareUnit) as keyof typeof DURATION_UNIT_MS];
  const ms = Math.round(Number(match[1]) * unitMs);
  return ms > 0
    ? ok(ms)
    : fail(`invalid duration in ${source}: expected more than zero, found ${quote(text)}`);
}

/** Parses a whole number within `[min, max]`. */
export function parseInteger(text: string, source: string, min: number, max: number): Parsed<number> {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (!/^-?\d+$/.test(trimmed) || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `${min}..${max}`;
    return fail(`invalid value for ${source}: expected a whole number ${range}, found ${quote(text)}`);
  }
  return ok(value);
}

/**
 * Parses an http(s) base URL and drops a trailing slash. A path prefix (a gateway's) is kept; the
 * request paths are appended to it, so a query or fragment would end up in the middle of every
 * request, and credentials would travel in every request line and log: all three are refused.
 */
export function parseHttpUrl(text: string, source: string): Parsed<string> {
  const found = quote(maskSecrets(text));
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(`invalid URL in ${source}: expected http(s)://host[:port][/path], found ${found}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return fail(`invalid URL in ${source}: expected an http:// or https:// URL, found ${found}`);
  }
  if (url.username !== '' || url.password !== '') {
    return fail(
      `invalid URL in ${source}: expected a base URL without credentials (user:password@), found ${found}`,
    );
  }
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(text)) {
    return fail(`invalid URL in ${source}: expected a base URL without a query or fragment, found ${found}`);
  }
  return ok(text.replace(/\/+$/, ''));
}

const PROXY_PROTOCOLS = {
  http: ['http:', 'https:'],
  socks: ['socks:', 'socks4:', 'socks4a:', 'socks5:', 'socks5h:'],
} as const;

/** Parses a proxy URL: `kind: 'http'` for HTTP(S)_PROXY, `'socks'` for SOCKS_PROXY. */
export function parseProxyUrl(text: string, source: string, kind: 'http' | 'socks'): Parsed<string> {
  const accepted: readonly string[] = PROXY_PROTOCOLS[kind];
  const expected =
    kind === 'http'
      ? 'http://[user:pass@]host:port'
      : 'socks5://[user:pass@]host:port (socks4/socks5/socks5h)';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(`invalid proxy URL in ${source}: expected ${expected}, found ${quote(maskSecrets(text))}`);
  }
  if (!accepted.includes(url.protocol) || url.hostname === '') {
    return fail(`invalid proxy URL in ${source}: expected ${expected}, found ${quote(maskSecrets(text))}`);
  }
  return ok(text);
}

/** Parses a log level name (case-insensitive). */
export function parseLogLevel(text: string, source: string): Parsed<LogLevel> {
  const lower = text.trim().toLowerCase();
  const level = LOG_LEVELS.find((candidate) => candidate === lower);
  return level
    ? ok(level)
    : fail(`invalid log level in ${source}: expected one of ${LOG_LEVELS.join('|')}, found ${quote(text)}`);
}

/** Parses a boolean environment value: true/false, 1/0, yes/no, on/off. */
export function parseBooleanText(text: string, source: string): Parsed<boolean> {
  const lower = text.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(lower)) return ok(true);
  if (['false', '0', 'no', 'off', ''].includes(lower)) return ok(false);
  return fail(`invalid boolean in ${source}: expected true or false, found ${quote(text)}`);
}
