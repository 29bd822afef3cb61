// Worker thread of the day scan pool: reads day files with blocking calls (no thread-pool round
// trip per call) into one reused buffer and summarizes them, so a cold coverage scan uses every core.
import { parentPort } from 'node:worker_threads';
import { summarizeDayBytes } from '../format/day-slot-scan.ts';
import { readFileBytesSnapshotSync } from '../fs/file-snapshot.ts';
import { UnsafeEntryError } from '../model/errors.ts';
import type { ScanOutcome, ScanRequest, ScanResponse } from './scan-pool.ts';

let scratch = Buffer.allocUnsafe(256 * 1024);

function allocate(size: number): Buffer {
  if (scratch.length < size) scratch = Buffer.allocUnsafe(size);
  return scratch;
}

function scanOne(job: ScanRequest['jobs'][number]): ScanOutcome {
  try {
    const snapshot = readFileBytesSnapshotSync(job.path, allocate);
    if (snapshot === undefined) return { kind: 'missing' };
    const { runs, foreign } = summarizeDayBytes(snapshot.bytes, job.series, job.dayKey, job.columns);
    const day = { size: snapshot.size, mtimeMs: snapshot.mtimeMs, ino: snapshot.ino, runs, foreign };
    return { kind: 'day', day };
  } catch (error) {
    if (error instanceof UnsafeEntryError) return { kind: 'unsafe', path: error.path, entry: error.kind };
    const failure = error as NodeJS.ErrnoException;
    return {
      kind: 'error',
      message: String(failure?.message ?? error),
      ...(typeof failure?.code === 'string' ? { code: failure.code } : {}),
      ...(typeof failure?.errno === 'number' ? { errno: failure.errno } : {}),
      ...(typeof failure?.syscall === 'string' ? { syscall: failure.syscall } : {}),
      ...(typeof failure?.path === 'string' ? { path: failure.path } : {}),
    };
  }
}

parentPort?.on('message', (request: ScanRequest) => {
  const response: ScanResponse = { id: request.id, outcomes: request.jobs.map(scanOne) };
  parentPort?.postMessage(response);
});
