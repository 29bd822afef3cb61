import type { Parsed } from './value-parsers.ts';

/** `--market`: USDⓈ-M (`um`), COIN-M (`cm`), or both in one process (`all`). */
export type MarketChoice = 'um' | 'cm' | 'all';

/** `--contracts`: what `--symbols all` takes, perpetuals only or the quarterlies too. */
export type ContractScope = 'perpetual' | 'all';

const MARKETS: readonly MarketChoice[] = ['um', 'cm', 'all'];
const CONTRACT_SCOPES: readonly ContractScope[] = ['perpetual', 'all'];

/** One of `choices`, or a problem naming where the text came from. */
function parseChoice<T extends string>(text: string, source: string, choices: readonly T[]): Parsed<T> {
  const found = choices.find((choice) => choice === text);
  return found === undefined
    ? {
        ok: false,
        problem: `invalid ${source}: expected one of ${choices.join('|')}, found ${JSON.stringify(text)}`,
      }
    : { ok: true, value: found };
}

/** Parses `--market` / `OI_MARKET`. */
export function parseMarket(text: string, source: string): Parsed<MarketChoice> {
  return parseChoice(text, source, MARKETS);
}

/** Parses `--contracts`. */
export function parseContractScope(text: string, source: string): Parsed<ContractScope> {
  return parseChoice(text, source, CONTRACT_SCOPES);
}
