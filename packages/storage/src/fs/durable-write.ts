import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { tempPathFor } from './data-dir-layout.ts';
import { asDiskWriteError } from './disk-write-failure.ts';
import { ensureDirectory, syncDirectory } from './durable-directory.ts';
import { isNotFound } from './not-found.ts';

// Every write under the data directory goes through this module. write-file-atomic does not fsync
// the directory after the rename, so a power cut could forget the rename; here every step is durable
// before a write is acknowledged.

/** A short random string for unique temporary names. */
export function uniqueSuffix(): string {
  return `${process.pid}-${randomBytes(6).toString('hex')}`;
}

/** What a replacing write produced: the identity of the new file. */
export interface WrittenFile {
  readonly ino: number;
  readonly size: number;
}

/**
 * Creates `path` exclusively, making (and syncing) its directory only when it is missing: the
 * directory almost always exists, and a directory walk per write was a measurable share of a backfill.
 */
async function openNewFile(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'wx', 0o644);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  await ensureDirectory(dirname(path));
  return open(path, 'wx', 0o644);
}

// The one implementation of "replace a file": temp file in the same directory, write, (fsync),
// rename over, (fsync the directory). Without `durable` a crash may lose the new version, never tear it.
async function replaceFile(
  path: string,
  content: string | Uint8Array,
  durable: boolean,
): Promise<WrittenFile> {
  const tempPath = tempPathFor(path, uniqueSuffix());
  let renamed = false;
  try {
    const handle = await openNewFile(tempPath);
    let written: WrittenFile;
    try {
      await handle.writeFile(content);
      if (durable) await handle.sync();
      const stats = await handle.stat();
      written = { ino: stats.ino, size: stats.size };
    } finally {
      await handle.close();
    }
    await rename(tempPath, path);
    renamed = true;
    if (durable) await syncDirectory(dirname(path));
    return written;
  } finally {
    if (!renamed) await unlink(tempPath).catch(() => undefined);
  }
}

/**
 * Replaces `path` with `content` so that a crash at any instant leaves either the old or the new
 * file, and the new one survives a power cut once the promise resolves: temp file in the same
 * directory, write, fsync, rename over, fsync the directory. Missing directories are created. A
 * refusal of the system (EACCES, EROFS, ENOSPC, EIO...) is a DiskWriteError naming `path`; the old
 * file is then as it was.
 */
export async function writeFileDurably(path: string, content: string | Uint8Array): Promise<WrittenFile> {
  try {
    return await replaceFile(path, content, true);
  } catch (error) {
    throw asDiskWriteError(path, error);
  }
}

/** Replaces `path` atomically without fsync: for caches, where losing the newest version is harmless. */
export async function writeCacheFile(path: string, content: string): Promise<void> {
  await replaceFile(path, content, false);
}

/** Options of {@link appendLinesDurably}. */
export interface AppendLinesOptions {
  /** A header line (without `\n`) written first when the file is new or empty. */
  readonly header?: string;
}

const TAIL_CHUNK_BYTES = 64 * 1024;
// O_NOFOLLOW: an append never writes through a symbolic link put in place of the file.
const APPEND_FLAGS = constants.O_RDWR | constants.O_APPEND | constants.O_NOFOLLOW;

// Where the last complete line of a file ends: its size when it ends in `\n`, otherwise the offset
// after the last `\n` (0 when there is none). Only a torn file is read further back than one byte.
async function endOfLastLine(handle: FileHandle, size: number): Promise<number> {
  const buffer = Buffer.allocUnsafe(Math.min(size, TAIL_CHUNK_BYTES));
  await handle.read(buffer, 0, 1, size - 1);
  if (buffer[0] === 0x0a) return size;
  let end = size;
  while (end > 0) {
    const length = Math.min(end, buffer.length);
    const { bytesRead } = await handle.read(buffer, 0, length, end - length);
    const newline = buffer.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (newline !== -1) return end - length + newline + 1;
    end -= length;
  }
  return 0;
}

/**
 * Appends whole lines (`text`, a string or bytes, is empty or ends with `\n`) to `path` and fsyncs them, creating the
 * file (with `options.header`) and its directory when missing, and fsyncing the directory when the
 * file is new. A torn last line left by a crash is cut before appending, so the file stays a list
 * of complete lines. Callers serialise appends to one file. A refusal of the system (EACCES,
 * EROFS, ENOSPC, EIO...) is a DiskWriteError naming `path`.
 */
export async function appendLinesDurably(
  path: string,
  text: string | Uint8Array,
  options: AppendLinesOptions = {},
): Promise<void> {
  try {
    await appendLines(path, text, options);
  } catch (error) {
    throw asDiskWriteError(path, error);
  }
}

async function appendLines(
  path: string,
  text: string | Uint8Array,
  options: AppendLinesOptions,
): Promise<void> {
  let created = false;
  let handle: FileHandle;
  try {
    handle = await open(path, APPEND_FLAGS);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await ensureDirectory(dirname(path));
    handle = await open(path, APPEND_FLAGS | constants.O_CREAT, 0o644);
    created = true;
  }
  try {
    const { size } = await handle.stat();
    const keep = size === 0 ? 0 : await endOfLastLine(handle, size);
    if (keep < size) await handle.truncate(keep);
    const header = keep === 0 && options.header !== undefined ? `${options.header}\n` : '';
    await handle.writeFile(
      typeof text === 'string' ? header + text : Buffer.concat([Buffer.from(header), text]),
    );
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (created) await syncDirectory(dirname(path));
}
