import { constants } from 'node:fs';
import { open, readdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DayRow } from '../format/day-row.ts';
import { formatDayRow } from '../format/format-day-file.ts';
import { type ParsedDayFile, parseDayFile } from '../format/parse-day-file.ts';
import { dayFilePath, isTempFileName, quarantinePath, resolveDataDir } from '../fs/data-dir-layout.ts';
import { asDiskWriteError } from '../fs/disk-write-failure.ts';
import { appendLinesDurably } from '../fs/durable-write.ts';
import { type FileBytesSnapshot, readFileBytesSnapshot } from '../fs/file-snapshot.ts';
import { isNotFound } from '../fs/not-found.ts';
import { assertNoLinksToSeries } from '../fs/safe-entries.ts';
import { acquireWriterLock, type WriterLock } from '../fs/writer-lock.ts';
import { dayKeyOf } from '../model/day-key.ts';
import { StoreClosedError } from '../model/errors.ts';
import type { LockHolder } from '../model/lock-holder.ts';
import { addMergeResults, EMPTY_MERGE_RESULT, type MergeResult } from '../model/merge-result.ts';
import { assertPoints, type OiPoint } from '../model/oi-point.ts';
import { assertSeries, type Series, seriesColumnsOf } from '../model/series.ts';
import type { StoreEvent } from '../model/store-event.ts';
import { assertSymbol } from '../model/symbol.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import { groupBatchByDay, mergeRowsIntoDay, pointToRow } from './merge-rows.ts';
import { needsRepair, rewriteDayFile } from './rewrite-day-file.ts';

/** Options of openStore. */
export interface OpenStoreOptions {
  /** The data directory; day files go to `<dataDir>/open_interest/...`. */
  readonly dataDir: string;
  /** Receives conflicts, repairs and lock takeovers. */
  readonly onEvent?: (event: StoreEvent) => void;
  /** Clock for the lock's `sinceMs`. @default Date.now */
  readonly now?: () => number;
  /** Alternative to `now`: any clock with `now()`, such as `@oi/retry`'s Clock. Ignored when `now` is given. */
  readonly clock?: { now(): number };
  /** A lock held from another host is taken over after its heartbeat is this old. @default 120_000 */
  readonly lockStaleAfterMs?: number;
}

/** The single writer of a data directory. */
export interface Store {
  /** Absolute data directory. */
  readonly dataDir: string;
  /** This writer, as recorded in the lock file. */
  readonly holder: LockHolder;
  /** Upserts points by slot across day files: new slots are inserted, stored values are never overwritten. */
  merge(symbol: string, series: Series, points: readonly OiPoint[]): Promise<MergeResult>;
  /** Stores the newest 1m point with one fsynced append; falls back to merge for anything else. */
  appendLive(symbol: string, point: OiPoint): Promise<MergeResult>;
  /** Waits for pending writes, then releases the writer lock. */
  close(): Promise<void>;
}

/** Opens the store of `dataDir`, taking its writer lock (throws StoreLockedError when another writer holds it). */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const dataDir = resolveDataDir(options.dataDir);
  const onEvent = options.onEvent ?? (() => undefined);
  const lock = await acquireWriterLock(dataDir, {
    now: options.now ?? (options.clock ? () => (options.clock as { now(): number }).now() : Date.now),
    ...(options.lockStaleAfterMs === undefined ? {} : { staleAfterMs: options.lockStaleAfterMs }),
    onStaleLock: (holder, lockPath) => onEvent({ type: 'stale-lock-removed', lockPath, holder }),
  });
  return new DayFileStore(dataDir, lock, onEvent);
}

const NEWLINE = Buffer.from('\n');

// What the fast path needs to know to append to a file without reading it: the file must still be
// the one this process last wrote or read (same inode, same size) and the point must be newer.
interface AppendState {
  readonly ino: number;
  size: number;
  lastSlotMs: number;
}

class DayFileStore implements Store {
  readonly dataDir: string;
  readonly holder: LockHolder;
  readonly #lock: WriterLock;
  readonly #onEvent: (event: StoreEvent) => void;
  readonly #mutex = new KeyedMutex();
  readonly #appendStates = new Map<string, AppendState>();
  readonly #preparedDirs = new Set<string>();
  readonly #pending = new Set<Promise<unknown>>();
  #closed = false;

  constructor(dataDir: string, lock: WriterLock, onEvent: (event: StoreEvent) => void) {
    this.dataDir = dataDir;
    this.holder = lock.holder;
    this.#lock = lock;
    this.#onEvent = onEvent;
  }

  async merge(symbol: string, series: Series, points: readonly OiPoint[]): Promise<MergeResult> {
    this.#assertOpen();
    assertSymbol(symbol);
    assertSeries(series);
    assertPoints(symbol, series, points);
    const { byDay, duplicates } = groupBatchByDay(symbol, series, points);
    return this.#track(async () => {
      let total: MergeResult = { ...EMPTY_MERGE_RESULT, unchanged: duplicates };
      for (const dayKey of [...byDay.keys()].sort()) {
        const path = dayFilePath(this.dataDir, symbol, series, dayKey);
        const rows = byDay.get(dayKey) ?? [];
        const result = await this.#mutex.run(path, () => this.#mergeDay(path, symbol, series, dayKey, rows));
        total = addMergeResults(total, result);
      }
      return total;
    });
  }

  async appendLive(symbol: string, point: OiPoint): Promise<MergeResult> {
    this.#assertOpen();
    assertSymbol(symbol);
    assertPoints(symbol, '1m', [point]);
    const dayKey = dayKeyOf(point.slotMs);
    const path = dayFilePath(this.dataDir, symbol, '1m', dayKey);
    const row = pointToRow(point);
    return this.#track(() =>
      this.#mutex.run(path, async () => {
        const state = this.#appendStates.get(path);
        if (
          state !== undefined &&
          row.slotMs > state.lastSlotMs &&
          (await this.#tryAppend(path, symbol, state, row))
        ) {
          return { ...EMPTY_MERGE_RESULT, inserted: 1 };
        }
        return this.#mergeDay(path, symbol, '1m', dayKey, [row]);
      }),
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled([...this.#pending]);
    await this.#lock.release();
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError(this.dataDir);
  }

  #track<T>(operation: () => Promise<T>): Promise<T> {
    const promise = operation();
    this.#pending.add(promise);
    const forget = (): void => {
      this.#pending.delete(promise);
    };
    promise.then(forget, forget);
    return promise;
  }

  async #tryAppend(path: string, symbol: string, state: AppendState, row: DayRow): Promise<boolean> {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      // O_NOFOLLOW: never append through a symbolic link put in place of the file.
      handle = await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW);
    } catch (error) {
      this.#appendStates.delete(path);
      if (isNotFound(error)) return false;
      throw asDiskWriteError(path, error);
    }
    try {
      const stats = await handle.stat();
      if (stats.ino !== state.ino || stats.size !== state.size) {
        this.#appendStates.delete(path);
        return false;
      }
      const line = Buffer.from(formatDayRow(seriesColumnsOf(symbol, '1m'), row), 'utf8');
      // Until the fsync returns the file's tail is unknown; a failure leaves the state cleared so the
      // next write reads the file and repairs a partial line.
      this.#appendStates.delete(path);
      try {
        await handle.write(line, 0, line.length);
        await handle.sync();
      } catch (error) {
        throw asDiskWriteError(path, error);
      }
      this.#appendStates.set(path, {
        ino: state.ino,
        size: state.size + line.length,
        lastSlotMs: row.slotMs,
      });
      return true;
    } finally {
      await handle.close();
    }
  }

  async #mergeDay(
    path: string,
    symbol: string,
    series: Series,
    dayKey: string,
    incoming: readonly DayRow[],
  ): Promise<MergeResult> {
    await this.#prepareFolder(symbol, series, dirname(path));
    let snapshot: FileBytesSnapshot | undefined = await readFileBytesSnapshot(path);
    const columns = seriesColumnsOf(symbol, series);
    let parsed = parseDayFile(snapshot?.bytes.toString('utf8') ?? '', series, dayKey, columns);
    const foreign = snapshot !== undefined && parsed.headerKind === 'bad';
    if (foreign) {
      // Not a file this store can read: set aside whole, like a rejected line, and the day starts afresh.
      await this.#quarantineFile(path, snapshot as FileBytesSnapshot);
      snapshot = undefined;
      parsed = parseDayFile('', series, dayKey, columns);
    }
    const { rows, inserted, unchanged, filled, conflicts } = mergeRowsIntoDay(
      symbol,
      series,
      parsed.rows,
      incoming,
    );
    for (const conflict of conflicts) this.#onEvent({ type: 'conflict', conflict });
    const repair = needsRepair(parsed);
    if (inserted === 0 && filled === 0 && !repair && !foreign) {
      this.#rememberAppendState(path, series, parsed, snapshot);
      return { inserted, unchanged, filled, conflicts };
    }
    const written = await rewriteDayFile(path, columns, parsed, rows);
    if (repair) {
      this.#onEvent({
        type: 'file-repaired',
        path,
        quarantinePath: quarantinePath(path),
        quarantinedLines: written.quarantinedLines,
        issues: parsed.issues.map((issue) => ({ path, ...issue })),
      });
    }
    if (series === '1m' && parsed.unknownColumns.length === 0) {
      this.#appendStates.set(path, { ino: written.ino, size: written.size, lastSlotMs: written.lastSlotMs });
    } else {
      this.#appendStates.delete(path);
    }
    return { inserted, unchanged, filled, conflicts };
  }

  #rememberAppendState(
    path: string,
    series: Series,
    parsed: ParsedDayFile,
    snapshot: FileBytesSnapshot | undefined,
  ): void {
    if (series !== '1m' || snapshot === undefined || !parsed.appendable) {
      this.#appendStates.delete(path);
      return;
    }
    let lastSlotMs = -1;
    for (const row of parsed.rows) lastSlotMs = Math.max(lastSlotMs, row.slotMs);
    this.#appendStates.set(path, { ino: snapshot.ino, size: snapshot.size, lastSlotMs });
  }

  // The bytes of a day file of another format go to its quarantine file, byte for byte and durably,
  // before the day file is replaced: a crash in between leaves them in both places, never in neither.
  async #quarantineFile(path: string, snapshot: FileBytesSnapshot): Promise<void> {
    const { bytes } = snapshot;
    const whole =
      bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a ? Buffer.concat([bytes, NEWLINE]) : bytes;
    await appendLinesDurably(quarantinePath(path), whole);
    this.#onEvent({
      type: 'file-quarantined',
      path,
      quarantinePath: quarantinePath(path),
      bytes: bytes.length,
    });
  }

  // Once per folder per store: no symbolic link may lead the writes out of the data directory, and
  // temp files left by a crashed writer (any pid but ours: our own may be in flight) are removed.
  async #prepareFolder(symbol: string, series: Series, dir: string): Promise<void> {
    if (this.#preparedDirs.has(dir)) return;
    await assertNoLinksToSeries(this.dataDir, symbol, series);
    if (this.#preparedDirs.has(dir)) return;
    this.#preparedDirs.add(dir);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
    const ownMarker = `.tmp-${process.pid}-`;
    for (const name of names) {
      if (!isTempFileName(name) || name.includes(ownMarker)) continue;
      const path = join(dir, name);
      await unlink(path).then(
        () => this.#onEvent({ type: 'temp-file-removed', path }),
        () => undefined,
      );
    }
  }
}
