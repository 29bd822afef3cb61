import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ConfigFileContent } from './config-file.ts';

/**
 * Writes a new symbol list to config.json atomically (temp file + rename), keeping the file's form:
 * an array stays an array; an object keeps its other keys; a new file uses the object form.
 */
export async function writeConfigSymbols(
  path: string,
  previous: ConfigFileContent,
  symbols: readonly string[],
): Promise<void> {
  let document: unknown;
  if (previous.found && previous.form === 'array') document = [...symbols];
  else if (previous.found)
    document = { ...(previous.document as Record<string, unknown>), symbols: [...symbols] };
  else document = { symbols: [...symbols] };
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(document, null, 2)}\n`);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
