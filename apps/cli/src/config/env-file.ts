import { readFile } from 'node:fs/promises';
import { parseEnv } from 'node:util';
import type { Parsed } from './value-parsers.ts';

/** Variables read from a dotenv file, and where it was. */
export interface EnvFile {
  readonly path: string;
  readonly variables: Readonly<Record<string, string>>;
}

/**
 * Reads a dotenv file with node's own parser. A missing file is only an error when `required` (the user
 * named it with `--env-file`); the implicit `.env` in the working directory is optional.
 */
export async function readEnvFile(path: string, required: boolean): Promise<Parsed<EnvFile | undefined>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required) return { ok: true, value: undefined };
    return { ok: false, problem: `cannot read env file ${path}: ${code ?? String(error)}` };
  }
  const variables: Record<string, string> = {};
  for (const [key, value] of Object.entries(parseEnv(text))) {
    if (value !== undefined) variables[key] = value;
  }
  return { ok: true, value: { path, variables } };
}
