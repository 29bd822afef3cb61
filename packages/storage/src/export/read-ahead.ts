import { type FileBytesSnapshot, readFileBytesSnapshot } from '../fs/file-snapshot.ts';
import { type DayFileEntry, listDayFiles } from '../fs/list-day-files.ts';
import type { Series } from '../model/series.ts';

/** One day file's bytes, read ahead of its turn. */
export interface DayFileBytes {
  readonly symbol: string;
  readonly dayKey: string;
  /** Valid only until the next file is requested: its buffer is then reused. */
  readonly snapshot: FileBytesSnapshot;
}

/** Options of readDayFilesAhead. */
export interface ReadAheadOptions {
  readonly dataDir: string;
  readonly symbols: readonly string[];
  readonly series: Series;
  /** Only these days; every day when absent. */
  readonly dayKeys?: ReadonlySet<string>;
  /** Reads in flight beyond the file being used. */
  readonly depth: number;
  /** `symbol` (default): each symbol's days in turn; `day`: each day's symbols in turn, in `symbols` order. */
  readonly order?: 'symbol' | 'day';
}

/** The day files to read, in the order asked for. */
async function* dayFilesInOrder(
  options: ReadAheadOptions,
): AsyncGenerator<DayFileEntry & { symbol: string }> {
  const wanted = (entry: DayFileEntry): boolean => options.dayKeys?.has(entry.dayKey) ?? true;
  if (options.order !== 'day') {
    for (const symbol of options.symbols) {
      for (const entry of await listDayFiles(options.dataDir, symbol, options.series)) {
        if (wanted(entry)) yield { symbol, ...entry };
      }
    }
    return;
  }
  // Day-major order needs every symbol's listing first: one name per day file, not its bytes.
  const entries: (DayFileEntry & { symbol: string })[] = [];
  for (const symbol of options.symbols) {
    for (const entry of await listDayFiles(options.dataDir, symbol, options.series)) {
      if (wanted(entry)) entries.push({ symbol, ...entry });
    }
  }
  // A stable sort keeps the symbols' order within each day.
  entries.sort((a, b) => (a.dayKey < b.dayKey ? -1 : a.dayKey > b.dayKey ? 1 : 0));
  yield* entries;
}

/**
 * The day files of `symbols` (in `order`, oldest day first) with their bytes, keeping
 * `depth` reads in flight so that reading overlaps with using the previous file; a file that
 * disappears before it is read is skipped. At most `depth + 2` read buffers exist, reused in turn.
 */
export async function* readDayFilesAhead(options: ReadAheadOptions): AsyncGenerator<DayFileBytes> {
  const free: Buffer[] = [];
  const allocate = (size: number): Buffer => {
    const index = free.findIndex((buffer) => buffer.length >= size);
    if (index !== -1) return free.splice(index, 1)[0] as Buffer;
    free.pop();
    return Buffer.allocUnsafe(Math.max(size, 256 * 1024));
  };
  const pending: { symbol: string; dayKey: string; read: Promise<FileBytesSnapshot | undefined> }[] = [];
  let inUse: Buffer | undefined;
  async function* next(): AsyncGenerator<DayFileBytes> {
    const head = pending.shift();
    if (head === undefined) return;
    const snapshot = await head.read;
    if (inUse !== undefined) free.push(inUse);
    inUse = undefined;
    if (snapshot === undefined) return;
    // allocate never hands out pooled buffers, so the read buffer is the whole ArrayBuffer.
    inUse = Buffer.from(snapshot.bytes.buffer);
    yield { symbol: head.symbol, dayKey: head.dayKey, snapshot };
  }
  try {
    for await (const { symbol, dayKey, path } of dayFilesInOrder(options)) {
      const read = readFileBytesSnapshot(path, allocate);
      // Marked handled: a consumer that stops early never awaits the reads still in flight.
      read.catch(() => undefined);
      pending.push({ symbol, dayKey, read });
      if (pending.length > options.depth) yield* next();
    }
    while (pending.length > 0) yield* next();
  } finally {
    await Promise.allSettled(pending.map((entry) => entry.read));
  }
}
