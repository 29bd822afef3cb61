import { OiError } from '@oi/errors';

/** A value given to {@link multiplyDecimals} is not a plain decimal; `code` is `INVALID_DECIMAL`. */
export class InvalidDecimalError extends OiError {
  /** The text that could not be read as a decimal. */
  readonly text: string;

  constructor(text: string) {
    super('INVALID_DECIMAL', `Not a plain decimal number: ${JSON.stringify(text)}`);
    this.text = text;
  }
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d{1,4}))?$/;

interface ScaledInteger {
  readonly digits: bigint;
  readonly scale: number;
}

function parseDecimal(text: string): ScaledInteger {
  const match = DECIMAL.exec(text);
  if (match === null) throw new InvalidDecimalError(text);
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  let magnitude = BigInt(`${whole}${fraction}`);
  let scale = fraction.length - Number(exponent);
  if (scale < 0) {
    magnitude *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { digits: sign === '-' ? -magnitude : magnitude, scale };
}

/**
 * The exact product of two decimal strings (`"94791.893" x "11793.63104562"`), computed on BigInt so no
 * float rounding ever touches a stored value. Exponents are accepted; the result is plain notation with
 * trailing fractional zeros dropped (zero is `"0"`). Throws an {@link InvalidDecimalError} for anything
 * else (blanks, NaN).
 */
export function multiplyDecimals(a: string, b: string): string {
  const left = parseDecimal(a);
  const right = parseDecimal(b);
  const product = left.digits * right.digits;
  const negative = product < 0n;
  const scale = left.scale + right.scale;
  const digits = (negative ? -product : product).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  const text = fraction.length > 0 ? `${whole}.${fraction}` : whole;
  return negative ? `-${text}` : text;
}
