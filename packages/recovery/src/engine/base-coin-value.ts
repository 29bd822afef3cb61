import { multiplyDecimals } from './multiply-decimals.ts';

/** Fractional digits of a COIN-M value: Binance's `sumOpenInterestValue` shows eight. */
export const BASE_COIN_VALUE_DIGITS = 8;

const SCALE = 10n ** BigInt(BASE_COIN_VALUE_DIGITS);

/** A plain decimal (what multiplyDecimals returns) as an integer count of `10^-fractionDigits`. */
function toUnits(plain: string): { readonly units: bigint; readonly fractionDigits: number } {
  const negative = plain.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? plain.slice(1) : plain).split('.');
  const units = BigInt(whole + fraction);
  return { units: negative ? -units : units, fractionDigits: fraction.length };
}

/**
 * The value of a COIN-M open interest in the base coin: `contracts x contractSize / markPrice`,
 * computed exactly on BigInt and truncated toward zero to eight fractional digits, always printed
 * with all eight (`"2909783" x 100 / "86153.2"` is `"3377.45202731"`), the rule Binance's
 * `sumOpenInterestValue` follows. Undefined when the mark price is zero, which has no value to give.
 * Throws InvalidDecimalError for an argument that is not a plain decimal.
 */
export function baseCoinValue(
  contracts: string,
  contractSize: string,
  markPrice: string,
): string | undefined {
  // multiplyDecimals checks the texts and brings exponents into plain notation.
  const notional = toUnits(multiplyDecimals(contracts, contractSize));
  const price = toUnits(multiplyDecimals(markPrice, '1'));
  if (price.units === 0n) return undefined;
  // (n / 10^a) / (p / 10^b) x 10^8 = n x 10^b x 10^8 / (p x 10^a); BigInt division truncates toward zero.
  const scaled =
    (notional.units * 10n ** BigInt(price.fractionDigits) * SCALE) /
    (price.units * 10n ** BigInt(notional.fractionDigits));
  const magnitude = scaled < 0n ? -scaled : scaled;
  const whole = magnitude / SCALE;
  const fraction = (magnitude % SCALE).toString().padStart(BASE_COIN_VALUE_DIGITS, '0');
  return `${scaled < 0n ? '-' : ''}${whole}.${fraction}`;
}
