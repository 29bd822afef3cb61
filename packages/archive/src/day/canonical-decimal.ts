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
