// Decimals stay strings from the wire to the file. These helpers only check the notation and compare
// two notations for equality of value, so `1.50` and `1.5` are not reported as a conflict.
const DECIMAL_PATTERN = /^-?\d+(\.\d+)?([eE][+-]?\d{1,4})?$/;
const MAX_DECIMAL_LENGTH = 64;

/** True when `text` is a plain decimal number (optional sign, fraction and exponent; no NaN, no spaces). */
export function isDecimalString(text: string): boolean {
  return typeof text === 'string' && text.length <= MAX_DECIMAL_LENGTH && DECIMAL_PATTERN.test(text);
}

/** A canonical spelling of a decimal string's value: equal values give equal canonical strings. */
export function canonicalDecimal(text: string): string {
  const match = DECIMAL_PATTERN.exec(text);
  if (match === null) return text;
  const negative = text.startsWith('-');
  const mantissa = text.slice(negative ? 1 : 0, text.length - (match[2]?.length ?? 0));
  const exponent = match[2] === undefined ? 0 : Number(match[2].slice(1));
  const dot = mantissa.indexOf('.');
  const intPart = dot === -1 ? mantissa : mantissa.slice(0, dot);
  const fracPart = dot === -1 ? '' : mantissa.slice(dot + 1);
  let digits = intPart + fracPart;
  let scale = exponent - fracPart.length; // value = digits * 10^scale
  digits = digits.replace(/^0+/, '');
  if (digits === '') return '0';
  const trailing = digits.length - digits.replace(/0+$/, '').length;
  digits = digits.slice(0, digits.length - trailing);
  scale += trailing;
  return `${negative ? '-' : ''}${digits}e${scale}`;
}

/** True when two decimal strings denote the same value (both empty counts as equal). */
export function sameDecimal(a: string, b: string): boolean {
  return a === b || (a !== '' && b !== '' && canonicalDecimal(a) === canonicalDecimal(b));
}
