import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { UnsafeEntryError } from '../model/errors.ts';
import { isNotFound } from './not-found.ts';

// A reader never follows a symbolic link put in place of a day file (O_NOFOLLOW: ELOOP), and never
// blocks on a FIFO or device given a day file's name (O_NONBLOCK, then only regular files are read).
const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

function refusedEntry(path: string, error: unknown): UnsafeEntryError | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ELOOP'
    ? new UnsafeEntryError(path, 'symlink')
    : undefined;
}

function assertRegularFile(path: string, stats: Stats): void {
  if (!stats.isFile()) throw new UnsafeEntryError(path, 'not-a-file');
}

/** The bytes of a file as they were at one instant, with the identity that tells later changes apart. */
export interface FileSnapshot {
  readonly text: string;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

/** A FileSnapshot's bytes before decoding. */
export interface FileBytesSnapshot {
  readonly bytes: Buffer;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

/**
 * Reads exactly the bytes the file had when it was opened (an append racing with the read is left
 * for the next read), or undefined when the file does not exist. A symbolic link, FIFO, device or
 * folder at `path` is an UnsafeEntryError.
 */
export async function readFileSnapshot(path: string): Promise<FileSnapshot | undefined> {
  const snapshot = await readFileBytesSnapshot(path);
  if (snapshot === undefined) return undefined;
  const { bytes, ...identity } = snapshot;
  return { text: bytes.toString('utf8'), ...identity };
}

/**
 * readFileSnapshot without decoding the bytes; `allocate` returns a buffer of at least `size` bytes
 * to read into, so a caller scanning many files can reuse its buffers.
 */
export async function readFileBytesSnapshot(
  path: string,
  allocate: (size: number) => Buffer = Buffer.allocUnsafe,
): Promise<FileBytesSnapshot | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, READ_FLAGS);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw refusedEntry(path, error) ?? error;
  }
  try {
    const stats = await handle.stat();
    assertRegularFile(path, stats);
    const buffer = allocate(stats.size);
    let offset = 0;
    while (offset < stats.size) {
      const { bytesRead } = await handle.read(buffer, offset, stats.size - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return {
      bytes: buffer.subarray(0, offset),
      ino: stats.ino,
      size: offset,
      mtimeMs: stats.mtimeMs,
    };
  } finally {
    await handle.close();
  }
}

/** readFileBytesSnapshot with blocking calls, for worker threads where a blocking read costs nothing. */
export function readFileBytesSnapshotSync(
  path: string,
  allocate: (size: number) => Buffer = Buffer.allocUnsafe,
): FileBytesSnapshot | undefined {
  let fd: number;
  try {
    fd = openSync(path, READ_FLAGS);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw refusedEntry(path, error) ?? error;
  }
  try {
    const stats = fstatSync(fd);
    assertRegularFile(path, stats);
    const buffer = allocate(stats.size);
    let offset = 0;
    while (offset < stats.size) {
      const bytesRead = readSync(fd, buffer, offset, stats.size - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return { bytes: buffer.subarray(0, offset), ino: stats.ino, size: offset, mtimeMs: stats.mtimeMs };
  } finally {
    closeSync(fd);
  }
}
