// Digits, optionally a dot and more digits: what Binance sends in both the API and the archive.
const PLAIN_DECIMAL = /^(\d+)(?:\.(\d*))?$/;

/**
 * The one text form of a non-negative decimal that every source's values are compared and stored
 * in: leading zeros of the integer part and trailing zeros of the fraction removed, no trailing dot,
 * at least one integer digit (`106289.69300000` -> `106289.693`, `5578700.00000000` -> `5578700`,
 * `000.50` -> `0.5`). Returns `undefined` for anything else (blank, sign, exponent, spaces, `.5`),
 * so a value is never reinterpreted through a float.
 */
export function canonicalDecimal(text: string): string | undefined {
  const match = PLAIN_DECIMAL.exec(text);
  if (match === null) return undefined;
  const integer = match[1]!.replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  return fraction === '' ? integer : `${integer}.${fraction}`;
}

const ZERO = 48;
const NINE = 57;
const DOT = 46;

/** Whether `canonicalDecimal(text)` is defined (digits, optionally a dot and more digits), without building it. */
export function isPlainDecimal(text: string): boolean {
  let dot = -1;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === DOT && dot === -1 && index > 0) dot = index;
    else if (code < ZERO || code > NINE) return false;
  }
  return text.length > 0;
}

/** Whether a plain decimal ({@link isPlainDecimal}) is zero: `canonicalDecimal(text) === '0'`. */
export function isZeroDecimal(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code !== ZERO && code !== DOT) return false;
  }
  return true;
}
