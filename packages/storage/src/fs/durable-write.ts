import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { tempPathFor } from './data-dir-layout.ts';

// write-file-atomic does not fsync the directory after the rename, so a power cut could forget the
// rename; these helpers make every step durable before a write is acknowledged.

/** fsyncs a directory so a rename or create inside it survives a crash. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Creates `dir` and its parents; fsyncs the parent of every directory it created. */
export async function ensureDirectory(dir: string): Promise<void> {
  const firstCreated = await mkdir(dir, { recursive: true });
  if (firstCreated === undefined) return;
  let current = dir;
  const created: string[] = [];
  while (current.length >= firstCreated.length) {
    created.push(current);
    if (current === firstCreated) break;
    current = dirname(current);
  }
  for (const made of created) await syncDirectory(dirname(made));
}

/** A short random string for unique temporary names. */
export function uniqueSuffix(): string {
  return `${process.pid}-${randomBytes(6).toString('hex')}`;
}

/** What an atomic write produced: the identity of the new file. */
export interface WrittenFile {
  readonly ino: number;
  readonly size: number;
}

/**
 * Replaces `path` with `content` so that a crash at any instant leaves either the old or the new
 * file: temp file in the same directory, write, fsync, rename over, fsync the directory.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<WrittenFile> {
  const dir = dirname(path);
  const tempPath = tempPathFor(path, uniqueSuffix());
  let renamed = false;
  try {
    const handle = await openNewFile(tempPath, dir);
    let written: WrittenFile;
    try {
      await handle.writeFile(content);
      await handle.sync();
      const stats = await handle.stat();
      written = { ino: stats.ino, size: stats.size };
    } finally {
      await handle.close();
    }
    await rename(tempPath, path);
    renamed = true;
    await syncDirectory(dir);
    return written;
  } finally {
    if (!renamed) await unlink(tempPath).catch(() => undefined);
  }
}

/**
 * Creates `path` exclusively, making (and syncing) its directory only when it is missing: the
 * directory almost always exists, and a `mkdir` per write was a measurable share of a backfill.
 */
async function openNewFile(path: string, dir: string): Promise<FileHandle> {
  try {
    return await open(path, 'wx', 0o644);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  await ensureDirectory(dir);
  return open(path, 'wx', 0o644);
}

/** Replaces `path` atomically without fsync: for caches, where losing the newest version is harmless. */
export async function writeCacheFileAtomic(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tempPath = tempPathFor(path, uniqueSuffix());
  try {
    const handle = await open(tempPath, 'wx', 0o644);
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
    await rename(tempPath, path);
  } catch (error) {
    await unlink(tempPath).catch(() => undefined);
    throw error;
  }
}

/** Appends `content` to `path` (creating it) and fsyncs it, and the directory when the file is new. */
export async function appendFileDurably(path: string, content: string): Promise<void> {
  await ensureDirectory(dirname(path));
  let created = false;
  let handle = await open(path, constants.O_WRONLY | constants.O_APPEND).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      return undefined;
    },
  );
  if (handle === undefined) {
    handle = await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o644);
    created = true;
  }
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (created) await syncDirectory(dirname(path));
}

/** The text of `path`, or undefined when it does not exist. */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** True for the "no such file" family of errors. */
export function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
