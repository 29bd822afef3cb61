/** The outcome of parsing one user-supplied value: the value, or what was wrong with it. */
export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: string };

/** Symbols as Binance spells them; anything else is rejected before a request is made. */
export const SYMBOL_PATTERN = /^[A-Z0-9_]{2,32}$/;

/** winston's npm levels, most to least severe. */
export const LOG_LEVELS = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] as const;

/** A winston log level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(problem: string): Parsed<T> => ({ ok: false, problem });
const quote = (text: string): string => JSON.stringify(text);

/** Parses one symbol; `source` names where it came from (a flag, a variable, a file). */
export function parseSymbol(text: string, source: string): Parsed<string> {
  return SYMBOL_PATTERN.test(text)
    ? ok(text)
    : fail(`invalid symbol in ${source}: expected ${SYMBOL_PATTERN.source}, found ${quote(text)}`);
}

/** Parses symbols given as separate words and/or comma-separated lists, keeping first-seen order. */
export function parseSymbolList(items: readonly string[], source: string): Parsed<readonly string[]> {
  const symbols: string[] = [];
  for (const item of items) {
    for (const word of item.split(',')) {
      const trimmed = word.trim();
      if (trimmed === '') continue;
      const parsed = parseSymbol(trimmed, source);
      if (!parsed.ok) return parsed;
      if (!symbols.includes(parsed.value)) symbols.push(parsed.value);
    }
  }
  return symbols.length === 0 ? fail(`${source} is empty: expected at least one symbol`) : ok(symbols);
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?$/;

function isRealDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Parses a date argument to epoch ms. `YYYY-MM-DD` is a whole UTC day: its start for `bound: 'start'`,
 * the start of the next day for `bound: 'end'` (so `--to` includes the day it names). An ISO date-time
 * is an exact instant; without a zone it is read as UTC.
 */
export function parseDateBound(text: string, source: string, bound: 'start' | 'end'): Parsed<number> {
  const expected = `expected YYYY-MM-DD or an ISO date-time such as 2024-01-31T12:00Z, found ${quote(text)}`;
  const day = DAY_PATTERN.exec(text);
  if (day) {
    const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
    if (!isRealDay(year, month, date)) return fail(`invalid date in ${source}: ${expected}`);
    return ok(Date.UTC(year, month - 1, date + (bound === 'end' ? 1 : 0)));
  }
  const iso = ISO_PATTERN.exec(text);
  if (iso) {
    const [year, month, date] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    const hours = Number(iso[4]);
    const minutes = Number(iso[5]);
    const seconds = Number(iso[6] ?? '0');
    if (!isRealDay(year, month, date) || hours > 23 || minutes > 59 || seconds > 59) {
      return fail(`invalid date in ${source}: ${expected}`);
    }
    const ms = Date.parse(iso[8] === undefined ? `${text}Z` : text);
    if (Number.isFinite(ms)) return ok(ms);
  }
  return fail(`invalid date in ${source}: ${expected}`);
}

const DURATION_UNITS_MS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Parses a duration: a bare number in `unit` (hours for `--hours`), or a number with s/m/h/d. */
export function parseDurationMs(text: string, source: string, bareUnit: 'h' | 'd' = 'h'): Parsed<number> {
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*([smhd])?$/.exec(text.trim());
  const unitMs = match ? DURATION_UNITS_MS[match[2] ?? bareUnit] : undefined;
  if (!match || unitMs === undefined) {
    return fail(
      `invalid duration in ${source}: expected a positive number of ${bareUnit === 'h' ? 'hours' : 'days'} or a value like 90m, 2h, 1d, found ${quote(text)}`,
    );
  }
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

/** Parses an http(s) base URL and drops a trailing slash. */
export function parseHttpUrl(text: string, source: string): Parsed<string> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(`invalid URL in ${source}: expected http(s)://host[:port][/path], found ${quote(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return fail(`invalid URL in ${source}: expected an http:// or https:// URL, found ${quote(text)}`);
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
    return fail(
      `invalid proxy URL in ${source}: expected ${expected}, found ${quote(maskUrlPassword(text))}`,
    );
  }
  if (!accepted.includes(url.protocol) || url.hostname === '') {
    return fail(
      `invalid proxy URL in ${source}: expected ${expected}, found ${quote(maskUrlPassword(text))}`,
    );
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

/** Replaces the password of a URL with `***` so it can be printed or logged. */
export function maskUrlPassword(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*):[^@/]*@/i, '$1:***@');
}
