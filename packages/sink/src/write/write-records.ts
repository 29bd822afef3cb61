import type { Series } from '@oi/storage';
import type { SinkDatabase } from '../db/sink-database.ts';
import type { SinkSession } from '../db/sink-session.ts';
import { SinkQueryError } from '../errors/sink-error.ts';
import { diffRecords, sameValues } from '../values/diff-records.ts';
import type { SinkRecord } from '../values/sink-record.ts';

/** A stored value that differs from the incoming one; the stored value was kept. */
export interface SinkConflict {
  readonly series: Series;
  readonly symbol: string;
  /** Slot of the row, epoch ms. */
  readonly timestamp: number;
  /** The sink column, e.g. `open_interest`. */
  readonly column: string;
  /** The value in the database, decimals in their shortest spelling. */
  readonly stored: string;
  /** The value offered, decimals in their shortest spelling. */
  readonly incoming: string;
}

/**
 * Outcome of one batch: every incoming row is counted once, in `inserted`, `unchanged` or as a row
 * with conflicts (one entry per differing column). `filled` counts the unchanged rows that supplied
 * values the stored row lacked (NULL columns), as the file store fills empty cells.
 */
export interface WriteResult {
  readonly inserted: number;
  readonly unchanged: number;
  readonly filled: number;
  readonly conflicts: readonly SinkConflict[];
}

// A concurrent writer can store a key between this batch's read and its insert; the batch is then
// rolled back and read again, which sees that writer's rows.
const MAX_ATTEMPTS = 3;
// Symbols per IN list: far below every database's limit on parameters.
const SYMBOLS_PER_SELECT = 500;

/** Records by symbol, then by slot. */
type RecordIndex = Map<string, Map<number, SinkRecord>>;

/** The stored records for the keys of `records`: one select per group of symbols sharing a slot span. */
async function readStored(
  session: SinkSession,
  series: Series,
  records: readonly SinkRecord[],
): Promise<RecordIndex> {
  const spans = new Map<string, { startMs: number; lastMs: number }>();
  for (const record of records) {
    const span = spans.get(record.symbol);
    if (span === undefined) spans.set(record.symbol, { startMs: record.slotMs, lastMs: record.slotMs });
    else {
      span.startMs = Math.min(span.startMs, record.slotMs);
      span.lastMs = Math.max(span.lastMs, record.slotMs);
    }
  }
  // Live ticks share one slot across symbols and sync batches hold one symbol: both give one select.
  const groups = new Map<string, string[]>();
  for (const [symbol, span] of spans) {
    const key = `${span.startMs}:${span.lastMs}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [symbol]);
    else group.push(symbol);
  }
  const stored: RecordIndex = new Map();
  for (const symbol of spans.keys()) stored.set(symbol, new Map());
  for (const [key, symbols] of groups) {
    const [startMs, lastMs] = key.split(':').map(Number) as [number, number];
    for (let start = 0; start < symbols.length; start += SYMBOLS_PER_SELECT) {
      const chunk = symbols.slice(start, start + SYMBOLS_PER_SELECT);
      for (const record of await session.selectRecords(series, chunk, { startMs, endMs: lastMs + 1 })) {
        stored.get(record.symbol)?.set(record.slotMs, record);
      }
    }
  }
  return stored;
}

/** The conflicts of an incoming record with the stored one, and whether it fills NULL columns. */
function compareWithStored(series: Series, stored: SinkRecord, incoming: SinkRecord) {
  let fill = false;
  const conflicts: SinkConflict[] = [];
  for (const difference of diffRecords(series, stored, incoming)) {
    if (difference.left === null) fill = true;
    else if (difference.right !== null) {
      conflicts.push({
        series,
        symbol: incoming.symbol,
        timestamp: incoming.slotMs,
        column: difference.column,
        stored: difference.left,
        incoming: difference.right,
      });
    }
  }
  return { fill, conflicts };
}

/**
 * Within a transaction: inserts the records whose keys are not stored, compares the others with the
 * stored rows (conflicts reported, NULL columns filled).
 */
export async function mergeRecords(
  session: SinkSession,
  series: Series,
  records: readonly SinkRecord[],
): Promise<WriteResult> {
  const stored = await readStored(session, series, records);
  const inserts: SinkRecord[] = [];
  const fills: SinkRecord[] = [];
  const conflicts: SinkConflict[] = [];
  let unchanged = 0;
  for (const record of records) {
    const bySlot = stored.get(record.symbol) as Map<number, SinkRecord>;
    const existing = bySlot.get(record.slotMs);
    if (existing === undefined) {
      // The first row of a key is inserted; a repeat in the same batch is compared with it.
      bySlot.set(record.slotMs, record);
      inserts.push(record);
    } else if (sameValues(series, existing, record)) {
      unchanged++;
    } else {
      const comparison = compareWithStored(series, existing, record);
      if (comparison.conflicts.length > 0) conflicts.push(...comparison.conflicts);
      else {
        unchanged++;
        if (comparison.fill) fills.push(record);
      }
    }
  }
  if (inserts.length > 0) await session.insertRecords(series, inserts);
  for (const record of fills) await session.fillRecord(series, record);
  return { inserted: inserts.length, unchanged, filled: fills.length, conflicts };
}

/**
 * Runs `merge` in one transaction, and again (up to three tries in all) when another writer stored
 * one of its keys between its read and its insert. Nothing of a failed try is kept.
 */
export async function writeInTransaction(
  database: SinkDatabase,
  merge: (session: SinkSession) => Promise<WriteResult>,
): Promise<WriteResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await database.transaction('write a batch', merge);
    } catch (error) {
      if (!(error instanceof SinkQueryError && error.duplicateKey) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/**
 * Writes validated records in one transaction: new keys are inserted, stored rows are compared
 * column by column (numerically for decimals), NULL columns are filled, and differing values are
 * returned as conflicts and left as they are. Nothing of the batch is kept when it fails.
 */
export function writeRecords(
  database: SinkDatabase,
  series: Series,
  records: readonly SinkRecord[],
): Promise<WriteResult> {
  return writeInTransaction(database, (session) => mergeRecords(session, series, records));
}
