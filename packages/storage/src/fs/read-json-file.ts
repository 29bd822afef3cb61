import { readFile } from 'node:fs/promises';
import type { z } from 'zod';

/** What {@link readJsonFile} found: no file, a value the schema accepts, or why it is not one. */
export type JsonFileRead<T> =
  | { readonly kind: 'absent' }
  | { readonly kind: 'read'; readonly value: T }
  | { readonly kind: 'invalid'; readonly problem: string; readonly cause: unknown };

/**
 * Reads a JSON state file under the data directory and validates it with `schema`. A missing file
 * and a damaged one are values, so each owner decides what they mean (rebuild, refuse, start empty);
 * the problem names the read error, `not JSON`, or the first field zod rejected.
 */
export async function readJsonFile<T>(path: string, schema: z.ZodType<T>): Promise<JsonFileRead<T>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'absent' };
    return { kind: 'invalid', problem: code ?? String(error), cause: error };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: 'invalid', problem: 'not JSON', cause: error };
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { kind: 'read', value: parsed.data };
  const issue = parsed.error.issues[0];
  const where =
    issue === undefined || issue.path.length === 0 ? 'the file' : issue.path.map(String).join('.');
  return { kind: 'invalid', problem: `${where}: ${issue?.message ?? 'invalid'}`, cause: parsed.error };
}
