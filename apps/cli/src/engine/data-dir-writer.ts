import { openTaskJournal, type TaskJournal } from '@oi/recovery';
import { openStore, type Store } from '@oi/storage';

/** The writing side of a data directory: the store, whose writer lock is held, and the task journal. */
export interface DataDirWriter {
  readonly store: Store;
  readonly journal: TaskJournal;
  /** Waits for the journal's pending saves, then releases the lock. */
  close(): Promise<void>;
}

/**
 * Takes the data directory's writer lock (by opening the store) and only then opens the journal, so
 * that a second process cannot change the journal of a running one: it fails on the lock first.
 * Every write under the data directory goes through what this returns.
 */
export async function openDataDirWriter(dataDir: string, now: () => number): Promise<DataDirWriter> {
  const store = await openStore({ dataDir, now });
  let journal: TaskJournal;
  try {
    journal = await openTaskJournal({ dataDir, nowMs: now });
  } catch (error) {
    await store.close();
    throw error;
  }
  return {
    store,
    journal,
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
 * Runs `work` with the data directory's writer open, and closes it whatever happens. A failure of
 * `work` is the one reported; closing (a journal save that fails, say) is reported when `work` succeeded.
 */
export async function withDataDirWriter<T>(
  dataDir: string,
  now: () => number,
  work: (writer: DataDirWriter) => Promise<T>,
): Promise<T> {
  const writer = await openDataDirWriter(dataDir, now);
  let result: T;
  try {
    result = await work(writer);
  } catch (error) {
    await writer.close().catch(() => {});
    throw error;
  }
  await writer.close();
  return result;
}
