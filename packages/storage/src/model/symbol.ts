import { InvalidSymbolError } from './errors.ts';

const SYMBOL_PATTERN = /^[A-Z0-9_]{2,32}$/;

/** Returns `symbol` when it matches `^[A-Z0-9_]{2,32}$`, otherwise throws InvalidSymbolError. */
export function assertSymbol(symbol: string): string {
  if (typeof symbol !== 'string' || !SYMBOL_PATTERN.test(symbol))
    throw new InvalidSymbolError(String(symbol));
  return symbol;
}

/** True when `name` is a valid symbol (used to skip foreign directory entries without throwing). */
export function isSymbol(name: string): boolean {
  return SYMBOL_PATTERN.test(name);
}
