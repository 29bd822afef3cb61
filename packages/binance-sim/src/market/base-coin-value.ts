import { divideDecimals, multiplyDecimals } from './decimal-format.ts';

/**
 * A COIN-M open interest's value in the base coin: contracts × contractSize (USD) / mark price,
 * computed exactly and truncated toward zero to 8 decimals. The API's `sumOpenInterestValue`, the
 * archive's `sum_open_interest_value` and any client that wants to agree with them to the last
 * digit use this rule.
 */
export function baseCoinValue(contracts: string, contractSize: number, markPrice: string): string {
  return divideDecimals(multiplyDecimals(contracts, String(contractSize), 8), markPrice, 8);
}
