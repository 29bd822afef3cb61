import { readFile } from 'node:fs/promises';
import { type Parsed, parseSymbolList } from './value-parsers.ts';

/** How config.json spells its symbol list; `symbols update` writes back the same form. */
export type ConfigFileForm = 'array' | 'object';

/** What config.json said, or that it was not there. */
export type ConfigFileContent =
  | { readonly found: false }
  | {
      readonly found: true;
      readonly form: ConfigFileForm;
      readonly symbols: readonly string[];
      /** The parsed JSON as-is, so a rewrite keeps keys this tool does not know. */
      readonly document: unknown;
    };

/**
 * Reads `config.json` (a JSON array of symbols, or `{ "symbols": [...] }`). A missing file is only an
 * error when `required` (the user named it with `--config`).
 */
export async function readConfigFile(path: string, required: boolean): Promise<Parsed<ConfigFileContent>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required) return { ok: true, value: { found: false } };
    return { ok: false, problem: `cannot read config file ${path}: ${code ?? String(error)}` };
  }
  return parseConfigText(text, path);
}

/** Parses the text of a config file named `path` (for messages). */
export function parseConfigText(text: string, path: string): Parsed<ConfigFileContent> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: `malformed JSON in config file ${path}: ${detail}` };
  }
  const expected = 'expected a JSON array of symbols or an object {"symbols": [...]}';
  let form: ConfigFileForm;
  let list: unknown;
  if (Array.isArray(document)) {
    form = 'array';
    list = document;
  } else if (typeof document === 'object' && document !== null && 'symbols' in document) {
    form = 'object';
    list = (document as { symbols: unknown }).symbols;
  } else {
    return {
      ok: false,
      problem: `invalid config file ${path}: ${expected}, found ${describeJson(document)}`,
    };
  }
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
    return {
      ok: false,
      problem: `invalid config file ${path}: "symbols" must be an array of strings, found ${describeJson(list)}`,
    };
  }
  const symbols = parseSymbolList(list as string[], `config file ${path}`);
  if (!symbols.ok) return symbols;
  return { ok: true, value: { found: true, form, symbols: symbols.value, document } };
}

function describeJson(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object with keys ${JSON.stringify(Object.keys(value))}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}
