import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { normalizeSymbols } from './symbol-list.ts';
import type { Parsed } from './value-parsers.ts';

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

// Checked in two steps, so each message names the one thing that is wrong: first the document's
// shape, then its list. Keys this tool does not know are kept (the object is loose).
const configDocument = z.union([
  z.array(z.unknown()),
  z.looseObject({ symbols: z.custom<unknown>((value) => value !== undefined) }),
]);
const symbolNames = z.array(z.string());

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
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: `malformed JSON in config file ${path}: ${detail}` };
  }
  const document = configDocument.safeParse(json);
  if (!document.success) {
    return {
      ok: false,
      problem: `invalid config file ${path}: expected a JSON array of symbols or an object {"symbols": [...]}, found ${describeJson(json)}`,
    };
  }
  const form: ConfigFileForm = Array.isArray(document.data) ? 'array' : 'object';
  const list = Array.isArray(document.data) ? document.data : document.data.symbols;
  const names = symbolNames.safeParse(list);
  if (!names.success) {
    return {
      ok: false,
      problem: `invalid config file ${path}: "symbols" must be an array of strings, found ${describeJson(list)}`,
    };
  }
  const symbols = normalizeSymbols(names.data, `config file ${path}`);
  if (!symbols.ok) return symbols;
  return { ok: true, value: { found: true, form, symbols: symbols.value, document: json } };
}

function describeJson(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object with keys ${JSON.stringify(Object.keys(value))}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}
