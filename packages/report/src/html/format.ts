import { LUXON_UTC } from '@oi/storage';
import { DateTime } from 'luxon';

const COUNT_FORMAT = new Intl.NumberFormat('en-US');

/** `2026-11-24 03:05` for an epoch ms, in UTC. */
export function formatUtcMinute(ms: number): string {
  return DateTime.fromMillis(ms, LUXON_UTC).toFormat('yyyy-LL-dd HH:mm');
}

/** `8,640`. */
export function formatCount(count: number): string {
  return COUNT_FORMAT.format(count);
}

/**
 * Coverage in percent with one decimal, rounded down so that only a complete series reads `100%`
 * and a series with one stored slot never reads `0%`.
 */
export function formatPercent(percent: number): string {
  if (percent >= 100) return '100%';
  if (percent <= 0) return '0%';
  const tenths = Math.floor(percent * 10) / 10;
  return `${tenths === 0 ? '<0.1' : tenths.toFixed(1)}%`;
}

/** A stored decimal grouped for reading (`7712345678.12` -> `7,712,345,678.12`), digits unchanged. */
export function formatDecimal(decimal: string): string {
  const [whole = '', fraction] = decimal.split('.');
  const negative = whole.startsWith('-');
  const digits = negative ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}
