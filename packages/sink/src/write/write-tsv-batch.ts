import type { SinkDatabase } from '../db/sink-database.ts';
import type { SinkSession } from '../db/sink-session.ts';
import type { TsvBatch, TsvSlice } from '../sync/tsv-batch.ts';
import { sliceDigest } from '../sync/tsv-digest.ts';
import type { SinkRecord } from '../values/sink-record.ts';
import { mergeRecords, type WriteResult, writeInTransaction } from './write-records.ts';

/** The bytes of consecutive slices, without a copy when they are adjacent in the batch. */
function bytesOf(batch: TsvBatch, slices: readonly TsvSlice[]): Uint8Array {
  const first = slices[0] as TsvSlice;
  const last = slices[slices.length - 1] as TsvSlice;
  if (slices.every((slice, index) => index === 0 || slice.start === (slices[index - 1] as TsvSlice).end)) {
    return batch.bytes.subarray(first.start, last.end);
  }
  const parts = slices.map((slice) => batch.bytes.subarray(slice.start, slice.end));
  return Buffer.concat(parts);
}

async function mergeTsvBatch(session: SinkSession, batch: TsvBatch): Promise<WriteResult> {
  const { series } = batch;
  const stored = await session.daySummaries(series, batch.symbol, batch.range);
  const fresh: TsvSlice[] = [];
  const mixed: SinkRecord[] = [];
  let unchanged = 0;
  for (const slice of batch.slices) {
    const summary = stored.get(slice.day);
    if (summary === undefined) fresh.push(slice);
    else if (summary.rows === slice.rows && summary.digest === sliceDigest(batch, slice, session.dayDigest))
      unchanged += slice.rows;
    // Part of the day is stored, or some value differs: compared row by row.
    else mixed.push(...batch.recordsOf(slice));
  }
  let inserted = 0;
  if (fresh.length > 0) {
    inserted = fresh.reduce((sum, slice) => sum + slice.rows, 0);
    const loaded = await session.bulkLoad(series, bytesOf(batch, fresh), inserted);
    if (!loaded)
      await session.insertRecords(
        series,
        fresh.flatMap((slice) => batch.recordsOf(slice)),
      );
  }
  if (mixed.length === 0) return { inserted, unchanged, filled: 0, conflicts: [] };
  const merged = await mergeRecords(session, series, mixed);
  return { ...merged, inserted: inserted + merged.inserted, unchanged: unchanged + merged.unchanged };
}

/**
 * Writes a batch of day-file rows of one symbol in one transaction, with the guarantees of
 * writeRecords. Days the database does not hold at all are bulk-loaded as they are; days it holds
 * with the same rows and values (equal row count and digest) are counted unchanged without reading
 * a row; any other day is compared row by row (conflicts reported, NULL columns filled).
 */
export function writeTsvBatch(database: SinkDatabase, batch: TsvBatch): Promise<WriteResult> {
  return writeInTransaction(database, (session) => mergeTsvBatch(session, batch));
}
