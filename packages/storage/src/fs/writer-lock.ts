import { randomBytes } from 'node:crypto';
import { link, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { z } from 'zod';
import { StoreLockedError } from '../model/errors.ts';
import type { LockHolder } from '../model/lock-holder.ts';
import { resolveDataDir, tempPathFor, writerLockPath } from './data-dir-layout.ts';
import { ensureDirectory, syncDirectory } from './durable-directory.ts';
import { uniqueSuffix, writeFileDurably } from './durable-write.ts';
import { isNotFound } from './not-found.ts';
import { isProcessAlive } from './process-liveness.ts';

/** Content of the lock file: the holder plus a token that tells one acquisition from another. */
interface LockRecord extends LockHolder {
  readonly token: string;
}

/** A held writer lock. */
export interface WriterLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** Removes the lock file if it is still this acquisition's. */
  release(): Promise<void>;
}

/** Options of acquireWriterLock. */
export interface AcquireWriterLockOptions {
  /** Epoch ms recorded as `sinceMs`. */
  readonly now: () => number;
  /** A lock from another host counts as stale when its file was not refreshed for this long. @default 120_000 */
  readonly staleAfterMs?: number;
  /** How often the holder refreshes the lock file's mtime. @default 15_000 */
  readonly heartbeatMs?: number;
  /** Told when a stale lock is removed. */
  readonly onStaleLock?: (holder: LockHolder, lockPath: string) => void;
}

// Tokens of locks this process holds: a lock with our pid but a token we do not hold was left by an
// earlier process that had the same pid (a restarted container's pid 1, say) and is stale.
const heldTokens = new Set<string>();

const lockRecordSchema = z.object({
  pid: z.number(),
  host: z.string(),
  sinceMs: z.number(),
  token: z.string(),
});

// A lock file that is not JSON of this shape was not written by this code; the caller treats it as
// a holder without a live pid, so the stale-holder rules take it over.
function parseLockRecord(text: string): LockRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = lockRecordSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

async function isStale(record: LockRecord, mtimeMs: number, staleAfterMs: number): Promise<boolean> {
  if (heldTokens.has(record.token)) return false;
  if (record.host === hostname()) {
    return (
      record.pid === process.pid ||
      !Number.isSafeInteger(record.pid) ||
      record.pid <= 0 ||
      !(await isProcessAlive(record.pid))
    );
  }
  // Another host: its process table is out of reach, so only a missed heartbeat tells.
  return Date.now() - mtimeMs > staleAfterMs;
}

/**
 * Takes the single-writer lock of a data directory (`<data>/state/writer.lock`). The lock file is
 * written completely under a temporary name and then hard-linked into place, so it is never seen
 * half-written and only one of several racing writers can create it.
 */
export async function acquireWriterLock(
  dataDir: string,
  options: AcquireWriterLockOptions,
): Promise<WriterLock> {
  const root = resolveDataDir(dataDir);
  const lockPath = writerLockPath(root);
  const staleAfterMs = options.staleAfterMs ?? 120_000;
  await ensureDirectory(dirname(lockPath));
  for (let attempt = 0; attempt < 5; attempt++) {
    const record: LockRecord = {
      pid: process.pid,
      host: hostname(),
      sinceMs: options.now(),
      token: randomBytes(12).toString('hex'),
    };
    const tempPath = tempPathFor(lockPath, uniqueSuffix());
    await writeFileDurably(tempPath, JSON.stringify(record) + '\n');
    try {
      await link(tempPath, lockPath);
      await syncDirectory(dirname(lockPath));
      heldTokens.add(record.token);
      return createHeldLock(lockPath, record, options.heartbeatMs ?? 15_000);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await unlink(tempPath).catch(() => undefined);
    }
    const existing = await readExistingLock(lockPath);
    if (existing === undefined) continue; // released meanwhile: try again
    if (!(await isStale(existing.record, existing.mtimeMs, staleAfterMs))) {
      throw new StoreLockedError(root, lockPath, holderOf(existing.record));
    }
    await removeStaleLock(lockPath, existing.record);
    options.onStaleLock?.(holderOf(existing.record), lockPath);
  }
  const last = await readExistingLock(lockPath);
  throw new StoreLockedError(
    root,
    lockPath,
    last ? holderOf(last.record) : { pid: 0, host: 'unknown', sinceMs: 0 },
  );
}

function holderOf(record: LockRecord): LockHolder {
  return { pid: record.pid, host: record.host, sinceMs: record.sinceMs };
}

async function readExistingLock(
  lockPath: string,
): Promise<{ record: LockRecord; mtimeMs: number } | undefined> {
  try {
    const [text, stats] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath)]);
    const record = parseLockRecord(text) ?? { pid: 0, host: hostname(), sinceMs: stats.mtimeMs, token: '' };
    return { record, mtimeMs: stats.mtimeMs };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

// Moves the stale lock aside before deleting it, then checks that what was moved is the lock that
// was judged stale: if another writer replaced it in between, its live lock is linked back.
async function removeStaleLock(lockPath: string, judged: LockRecord): Promise<void> {
  const asidePath = tempPathFor(lockPath, `stale-${uniqueSuffix()}`);
  try {
    await rename(lockPath, asidePath);
  } catch (error) {
    if (isNotFound(error)) return;
    throw error;
  }
  const moved = parseLockRecord(await readFile(asidePath, 'utf8').catch(() => ''));
  if (moved !== undefined && moved.token !== judged.token) {
    await link(asidePath, lockPath).catch(() => undefined);
  }
  await unlink(asidePath).catch(() => undefined);
  await syncDirectory(dirname(lockPath));
}

function createHeldLock(lockPath: string, record: LockRecord, heartbeatMs: number): WriterLock {
  const heartbeat = setInterval(() => {
    const nowSeconds = Date.now() / 1000;
    utimes(lockPath, nowSeconds, nowSeconds).catch(() => undefined);
  }, heartbeatMs);
  heartbeat.unref();
  let released = false;
  return {
    path: lockPath,
    holder: holderOf(record),
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      heldTokens.delete(record.token);
      const current = await readExistingLock(lockPath);
      if (current?.record.token !== record.token) return;
      await unlink(lockPath).catch((error: unknown) => {
        if (!isNotFound(error)) throw error;
      });
      await syncDirectory(dirname(lockPath)).catch(() => undefined);
    },
  };
}
