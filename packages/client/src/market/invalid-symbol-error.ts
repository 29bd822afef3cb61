import { OiError } from '@oi/errors';

/**
 * A symbol a market's history cannot be asked for, refused before any request: a COIN-M client
 * needs a contract symbol (`BTCUSD_PERP`, `BTCUSD_261225`) to know its pair and role windows.
 * `code` is `INVALID_SYMBOL`.
 */
export class InvalidSymbolError extends OiError {
  /** The symbol refused. */
  readonly symbol: string;

  constructor(symbol: string, problem: string) {
    super('INVALID_SYMBOL', `Invalid symbol ${JSON.stringify(symbol)}: ${problem}`);
    this.symbol = symbol;
  }
}
