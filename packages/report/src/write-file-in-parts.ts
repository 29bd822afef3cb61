import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

// Parts are gathered to about this many characters before each write: few system calls, and never
// more than a slice of the page in memory.
const WRITE_CHARS = 1 << 20;

/**
 * Writes `parts` to `path` as one file that replaces it only once whole: a temporary file beside it
 * (folders made as needed), written part by part, fsynced, renamed over `path`, the folder fsynced,
 * so a reader never sees half a file and a failure or a stop leaves the old one as it was. The report
 * is written outside the data directory (storage's durable writes take one string or buffer; a page
 * of 500 symbols is better never held whole). Resolves with the bytes written. Stops between writes
 * once `signal` fires, removing the temporary file, and rejects with its reason.
 */
export async function writeFileInParts(
  path: string,
  parts: Iterable<string>,
  signal?: AbortSignal,
): Promise<number> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  const tempPath = join(folder, `.${basename(path)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  let renamed = false;
  try {
    const handle = await open(tempPath, 'wx', 0o644);
    let bytes = 0;
    try {
      let pending: string[] = [];
      let pendingChars = 0;
      const flush = async (): Promise<void> => {
        signal?.throwIfAborted();
        const chunk = Buffer.from(pending.join(''), 'utf8');
        pending = [];
        pendingChars = 0;
        await handle.write(chunk);
        bytes += chunk.length;
      };
      for (const part of parts) {
        pending.push(part);
        pendingChars += part.length;
        if (pendingChars >= WRITE_CHARS) await flush();
      }
      await flush();
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempPath, path);
    renamed = true;
    const folderHandle = await open(folder, 'r');
    try {
      await folderHandle.sync();
    } finally {
      await folderHandle.close();
    }
    return bytes;
  } finally {
    if (!renamed) await unlink(tempPath).catch(() => undefined);
  }
}
