import { maskSecrets } from '../config/mask-secrets.ts';

// yargs takes a repeated flag as a list of its values, and a repeated switch as its last value: a
// command would then quietly use one of them, or none (`--data-dir A --data-dir B` fell back to
// ./data). Only a flag declared as a list may be given more than once; for every other one a
// repetition is a usage error, found here once for every command, old or new.

/** What yargs knows about the options of the command being parsed (from `getOptions()`). */
export interface DeclaredOptions {
  /** Every option name, as declared. */
  readonly key: Readonly<Record<string, unknown>>;
  /** Options (and aliases) declared as lists. */
  readonly array: readonly string[];
  /** Switches (and aliases). */
  readonly boolean: readonly string[];
  /** Aliases by option name. */
  readonly alias: Readonly<Record<string, readonly string[]>>;
}

const BUILT_IN = new Set(['help', 'version', '$0', '_']);

function flagText(name: string): string {
  return name.length === 1 ? `-${name}` : `--${name}`;
}

/** How often a switch appears among the words before `--`, in any of its spellings. */
function countSwitch(names: readonly string[], words: readonly string[]): number {
  let count = 0;
  for (const word of words) {
    if (word === '--') break;
    for (const name of names) {
      const long = name.length > 1;
      if (
        (long && (word === `--${name}` || word.startsWith(`--${name}=`) || word === `--no-${name}`)) ||
        (!long && /^-[A-Za-z]+$/.test(word) && word.slice(1).includes(name))
      ) {
        count += 1;
      }
    }
  }
  return count;
}

/**
 * The first option given more than once although it takes one value, as one line saying so; undefined
 * when there is none. `parsed` is yargs' result before coercion, `words` the command line.
 */
export function findRepeatedFlag(
  parsed: Readonly<Record<string, unknown>>,
  options: DeclaredOptions,
  words: readonly string[],
): string | undefined {
  for (const key of Object.keys(options.key)) {
    if (BUILT_IN.has(key)) continue;
    const names = [key, ...(options.alias[key] ?? [])];
    if (names.some((name) => options.array.includes(name))) continue;
    if (names.some((name) => options.boolean.includes(name))) {
      if (countSwitch(names, words) > 1)
        return `option ${flagText(key)} given more than once: expected it once`;
      continue;
    }
    const value = parsed[key];
    if (Array.isArray(value)) {
      const values = value.map((item) => JSON.stringify(maskSecrets(String(item)))).join(', ');
      return `option ${flagText(key)} given more than once (${values}): expected one value`;
    }
  }
  return undefined;
}
