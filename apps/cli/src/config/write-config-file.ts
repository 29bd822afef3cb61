import { writeFileDurably } from '@oi/storage';
import type { ConfigFileContent } from './config-file.ts';

/**
 * Writes a new symbol list to config.json with storage's durable replace (temp file, fsync, rename,
 * directory fsync), so a crash leaves the old list or the new one, never a torn file. Keeps the form:
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
  await writeFileDurably(path, `${JSON.stringify(document, null, 2)}\n`);
}
