import { describe, expect, it } from 'vitest';
import { HOSTILE_SYMBOLS } from '../test-support/hostile-symbols.ts';
import { InvalidSymbolError } from './errors.ts';
import { assertSymbol } from './symbol.ts';

describe('assertSymbol', () => {
  it.each(['BTCUSDT', '1000PEPEUSDT', 'BTCUSDT_260327', 'AB', 'A'.repeat(32)])('accepts %s', (symbol) => {
    expect(assertSymbol(symbol)).toBe(symbol);
  });

  it.each(HOSTILE_SYMBOLS)('rejects %j with one clear line', (symbol) => {
    expect(() => assertSymbol(symbol)).toThrow(InvalidSymbolError);
    try {
      assertSymbol(symbol);
    } catch (error) {
      expect((error as Error).message).toMatch(
        /^invalid symbol .*: expected 2 to 32 characters of A-Z, 0-9 or _$/,
      );
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
