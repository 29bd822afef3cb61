import type { ArchiveMarket } from '@oi/archive';
import { isOiError, OiError } from '@oi/errors';
import { archiveStatePath, writeFileDurably } from '@oi/storage';
import { archiveMarketOf } from './archive-market.ts';
import {
  type ArchiveDayRecord,
  ArchiveStateError,
  type ArchiveSymbolState,
  formatArchiveState,
  readArchiveState,
} from './archive-state.ts';

/** The archive states of one run: read once per symbol, changed in memory, saved in the background. */
export interface ArchiveStateBook {
  /** A symbol's state (read from its file the first time, empty when there is none). */
  state(symbol: string): Promise<ArchiveSymbolState>;
  /** Records a day's check and schedules a save of the symbol's file; `state(symbol)` must have resolved. */
  record(symbol: string, day: string, record: ArchiveDayRecord): void;
  /** Resolves once every recorded check is on disk; rejects with `ARCHIVE_STATE_NOT_SAVED` otherwise. */
  flush(): Promise<void>;
}

/** Records a symbol may gather unsaved before its file is written again (the store is the truth; a lost record costs a download). */
const RECORDS_PER_SAVE = 64;

interface Entry {
  // Days are changed in place: a deep backfill records thousands, and readers want the latest.
  readonly state: ArchiveSymbolState & { readonly days: Record<string, ArchiveDayRecord> };
  dirty: boolean;
  unsaved: number;
  writing: Promise<void> | undefined;
}

/**
 * Opens the archive states of a data directory for one run; a new state is of `market`, or of
 * each symbol's own market (archiveMarketOf) when none is given. A symbol's file is written on `flush`
 * and, during a long run, after every 64 new records; saves are coalesced (while one is being
 * written, further records wait for the next), so a deep backfill does not rewrite a growing file
 * once per day. Each save is storage's durable replace. A crash loses at most the unsaved records:
 * the rows are in the store, and a day whose record is lost is only asked again if it has gaps.
 */
export function openArchiveStateBook(dataDir: string, market?: ArchiveMarket): ArchiveStateBook {
  const entries = new Map<string, Promise<Entry>>();
  const loaded = new Map<string, Entry>();

  const entryOf = (symbol: string): Promise<Entry> => {
    let entry = entries.get(symbol);
    if (entry === undefined) {
      entry = readArchiveState(dataDir, symbol).then((state) => {
        const fresh: Entry = {
          state: {
            symbol,
            market: state?.market ?? market ?? archiveMarketOf(symbol),
            days: { ...state?.days },
          },
          dirty: false,
          unsaved: 0,
          writing: undefined,
        };
        loaded.set(symbol, fresh);
        return fresh;
      });
      entries.set(symbol, entry);
    }
    return entry;
  };

  const writeLoop = async (symbol: string, entry: Entry): Promise<void> => {
    const path = archiveStatePath(dataDir, symbol);
    while (entry.dirty) {
      entry.dirty = false;
      entry.unsaved = 0;
      try {
        await writeFileDurably(path, formatArchiveState(entry.state));
      } catch (error) {
        entry.dirty = true;
        const detail = isOiError(error)
          ? error.message
          : ((error as NodeJS.ErrnoException).code ?? String(error));
        throw new ArchiveStateError(
          'ARCHIVE_STATE_NOT_SAVED',
          path,
          `Archive state ${path} was not saved: ${detail}`,
          {
            cause: error,
          },
        );
      }
    }
  };

  const save = (symbol: string, entry: Entry): Promise<void> => {
    entry.dirty = true;
    entry.writing ??= writeLoop(symbol, entry).finally(() => {
      entry.writing = undefined;
    });
    return entry.writing;
  };

  return {
    state: async (symbol) => (await entryOf(symbol)).state,
    record: (symbol, day, record) => {
      const entry = loaded.get(symbol);
      if (entry === undefined) {
        throw new OiError('ARCHIVE_STATE_NOT_READ', `archive state of ${symbol} recorded before it was read`);
      }
      entry.state.days[day] = record;
      entry.dirty = true;
      entry.unsaved += 1;
      // A failed background save keeps the entry dirty for `flush` to retry and report.
      if (entry.unsaved >= RECORDS_PER_SAVE) save(symbol, entry).catch(() => undefined);
    },
    flush: async () => {
      for (const [symbol, pending] of entries) {
        const entry = await pending;
        while (entry.writing !== undefined) await entry.writing.catch(() => undefined);
        if (entry.dirty) await save(symbol, entry);
      }
    },
  };
}
