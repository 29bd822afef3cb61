import { hasErrorCode } from '@oi/errors';
import { openTaskJournal, type TaskJournal } from '@oi/recovery';
import { openStore, STORAGE_ERROR_CODES, type Store, type StoreEvent } from '@oi/storage';
import type { CommandContext } from '../cli/command-context.ts';

/** The writing side of a data directory: the store, whose writer lock is held, and the task journal. */
export interface DataDirWriter {
  readonly store: Store;
  readonly journal: TaskJournal;
  /**
   * Aborted when a write failed in a way that no retry and no other symbol can get past (a disk that
   * refuses writes, a link out of the data directory): the run must stop, and the failure is reported.
   */
  readonly stopped: AbortSignal;
  /** Waits for the journal's pending saves, then releases the lock. */
  close(): Promise<void>;
}

/** Options of {@link openDataDirWriter}. */
export interface DataDirWriterOptions {
  /** Receives the store's events (a file set aside, a repair, a stale lock taken over) to log them. */
  readonly onStoreEvent?: (event: StoreEvent) => void;
}

/** Storage failures that end a whole run rather than one symbol's share of it. */
const FATAL_STORAGE_CODES = [STORAGE_ERROR_CODES.DISK_WRITE_FAILED, STORAGE_ERROR_CODES.UNSAFE_ENTRY];

/** Whether an error is a storage failure that must stop the run (see {@link DataDirWriter.stopped}). */
export function isFatalStorageError(error: unknown): boolean {
  return FATAL_STORAGE_CODES.some((code) => hasErrorCode(error, code));
}

// The engine counts a failed merge as a failure of that symbol and goes on with the others; a full
// or read-only disk would then be logged as `failed: unknown` symbol after symbol and end as "gaps
// remain". The store handed to the engine stops the run at the first such failure instead.
function stopOnFatalFailure(store: Store, stop: (error: unknown) => void): Store {
  const guard = async <T>(write: () => Promise<T>): Promise<T> => {
    try {
      return await write();
    } catch (error) {
      if (isFatalStorageError(error)) stop(error);
      throw error;
    }
  };
  return {
    dataDir: store.dataDir,
    holder: store.holder,
    merge: (symbol, series, points) => guard(() => store.merge(symbol, series, points)),
    appendLive: (symbol, point) => guard(() => store.appendLive(symbol, point)),
    close: () => store.close(),
  };
}

/** A writer opened by {@link openDataDirWriter}, with the failure that stopped it, if one did. */
interface OpenedWriter extends DataDirWriter {
  /** The first fatal storage failure, once `stopped` has fired. */
  readonly failure: () => unknown;
}

/**
 * Takes the data directory's writer lock (by opening the store) and only then opens the journal, so
 * that a second process cannot change the journal of a running one: it fails on the lock first.
 * Every write under the data directory goes through what this returns.
 */
export async function openDataDirWriter(
  dataDir: string,
  now: () => number,
  options: DataDirWriterOptions = {},
): Promise<OpenedWriter> {
  const store = await openStore({
    dataDir,
    now,
    ...(options.onStoreEvent ? { onEvent: options.onStoreEvent } : {}),
  });
  let journal: TaskJournal;
  try {
    journal = await openTaskJournal({ dataDir, nowMs: now });
  } catch (error) {
    await store.close();
    throw error;
  }
  const controller = new AbortController();
  let failure: unknown;
  const stop = (error: unknown): void => {
    if (controller.signal.aborted) return;
    failure = error;
    controller.abort(error);
  };
  return {
    store: stopOnFatalFailure(store, stop),
    journal,
    stopped: controller.signal,
    failure: () => failure,
    close: async () => {
      try {
        await journal.flush();
      } finally {
        await store.close();
      }
    },
  };
}

/**
 * Runs `work` with the data directory's writer open, and closes it whatever happens. A fatal storage
 * failure (see {@link DataDirWriter.stopped}) is the one reported, whatever `work` made of it; then a
 * failure of `work`; closing (a journal save that fails, say) is reported when `work` succeeded.
 */
export async function withDataDirWriter<T>(
  dataDir: string,
  now: () => number,
  work: (writer: DataDirWriter) => Promise<T>,
  options: DataDirWriterOptions = {},
): Promise<T> {
  const writer = await openDataDirWriter(dataDir, now, options);
  let result: T;
  try {
    result = await work(writer);
  } catch (error) {
    await writer.close().catch(() => {});
    throw writer.stopped.aborted ? writer.failure() : error;
  }
  if (writer.stopped.aborted) {
    await writer.close().catch(() => {});
    throw writer.failure();
  }
  await writer.close();
  return result;
}

/**
 * The command's context for engine work done through `writer`: its abort signal also fires when the
 * writer stops, so a disk that refuses writes ends the run like a signal would (and is then reported).
 */
export function contextStoppedBy(context: CommandContext, writer: DataDirWriter): CommandContext {
  return { ...context, signal: AbortSignal.any([context.signal, writer.stopped]) };
}

/**
 * Runs `work` while holding the data directory's writer lock, for commands that change the data
 * directory without the engine (`cleanup`): a running collector makes them fail with
 * StoreLockedError (exit 1) before anything is touched.
 */
export async function withWriterLock<T>(
  dataDir: string,
  now: () => number,
  work: () => Promise<T>,
): Promise<T> {
  const store = await openStore({ dataDir, now });
  try {
    return await work();
  } finally {
    await store.close();
  }
}
