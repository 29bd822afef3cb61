import type { Parsed } from './value-parsers.ts';

/** `--symbols all`: every trading contract of the chosen markets, instead of a list. */
export const ALL_SYMBOLS = 'all';

/** Symbols as Binance spells them; anything else is rejected before a request is made. */
export const SYMBOL_PATTERN = /^[A-Z0-9_]{2,32}$/;

/** Tells whether a text is a symbol as Binance spells it (upper case, digits, `_`; 2 to 32 long). */
export function isSymbol(text: string): boolean {
  return SYMBOL_PATTERN.test(text);
}

/**
 * The one normalization of a symbol list, wherever it comes from (flags, config.json, the exchange):
 * words split on spaces and commas, trimmed, checked against {@link SYMBOL_PATTERN} (lower case is
 * rejected, not converted: `btcusdt` is a typo worth reporting), duplicates dropped in first-seen
 * order. `source` names where the list came from, for messages.
 */
export function normalizeSymbols(items: readonly string[], source: string): Parsed<readonly string[]> {
  const symbols: string[] = [];
  for (const word of items.flatMap((item) => item.split(/[\s,]+/))) {
    if (word === '') continue;
    if (!isSymbol(word)) {
      return {
        ok: false,
        problem: `invalid symbol in ${source}: expected ${SYMBOL_PATTERN.source}, found ${JSON.stringify(word)}`,
      };
    }
    if (!symbols.includes(word)) symbols.push(word);
  }
  return symbols.length === 0
    ? { ok: false, problem: `${source} is empty: expected at least one symbol` }
    : { ok: true, value: symbols };
}
