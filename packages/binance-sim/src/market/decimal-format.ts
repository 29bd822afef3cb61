/** Formats a number with exactly `decimals` digits after the point (no exponent, no negative zero). */
export function formatFixed(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** Pads (never rounds) a decimal string to `decimals` digits after the point: "94791.893" -> "94791.89300000". */
export function padDecimals(text: string, decimals: number): string {
  const [whole = '0', fraction = ''] = text.split('.');
  if (fraction.length > decimals) throw new RangeError(`${text} has more than ${decimals} decimals`);
  return decimals === 0 ? whole : `${whole}.${fraction.padEnd(decimals, '0')}`;
}

function toScaled(text: string): { units: bigint; scale: number } {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const units = BigInt(whole + fraction);
  return { units: negative ? -units : units, scale: fraction.length };
}

/** The exact product of two decimal strings, rounded half away from zero to `decimals` digits. */
export function multiplyDecimals(a: string, b: string, decimals: number): string {
  const left = toScaled(a);
  const right = toScaled(b);
  let product = left.units * right.units;
  const scale = left.scale + right.scale;
  const negative = product < 0n;
  if (negative) product = -product;
  let result: bigint;
  if (scale > decimals) {
    const divisor = 10n ** BigInt(scale - decimals);
    result = (product + divisor / 2n) / divisor;
  } else {
    result = product * 10n ** BigInt(decimals - scale);
  }
  return formatScaled(negative ? -result : result, decimals);
}

/**
 * The exact quotient of two decimal strings, truncated (rounded toward zero) to `decimals` digits:
 * `divideDecimals("10", "3", 8)` is `"3.33333333"`, `divideDecimals("2", "3", 8)` `"0.66666666"`.
 */
export function divideDecimals(a: string, b: string, decimals: number): string {
  const numerator = toScaled(a);
  const denominator = toScaled(b);
  if (denominator.units === 0n) throw new RangeError(`cannot divide ${a} by zero`);
  // a / b = (na / 10^sa) / (nb / 10^sb); scaled by 10^decimals and truncated by BigInt division.
  const quotient =
    (numerator.units * 10n ** BigInt(denominator.scale + decimals)) /
    (denominator.units * 10n ** BigInt(numerator.scale));
  return formatScaled(quotient, decimals);
}

/** Writes `units / 10^decimals` as a decimal string with exactly `decimals` digits after the point. */
function formatScaled(units: bigint, decimals: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const body = decimals === 0 ? whole : `${whole}.${digits.slice(digits.length - decimals)}`;
  return negative ? `-${body}` : body;
}

/**
 * Drops the trailing zeros of a decimal string's fraction, and the point when nothing is left, as
 * the archive writes its values: "96268.02000000" -> "96268.02", "5.00000000" -> "5", "0.00" -> "0".
 */
export function trimDecimals(text: string): string {
  if (!text.includes('.')) return text;
  const trimmed = text.replace(/0+$/, '');
  return trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
}

/** Adds one unit of the last decimal place: "95123.456" -> "95123.457", "99" -> "100", "0.9" -> "1.0". */
export function addLastUnit(text: string): string {
  const [whole = '0', fraction = ''] = text.split('.');
  const digits = (BigInt(whole + fraction) + 1n).toString().padStart(fraction.length + 1, '0');
  if (fraction.length === 0) return digits;
  return `${digits.slice(0, -fraction.length)}.${digits.slice(-fraction.length)}`;
}
