import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import pLimit from 'p-limit';
import { summarizeDayBytes } from '../format/day-slot-scan.ts';
import { readFileBytesSnapshot } from '../fs/file-snapshot.ts';
import { UnsafeEntryError, type UnsafeEntryKind } from '../model/errors.ts';
import type { Series } from '../model/series.ts';

/** A day file to summarize. */
export interface DayScanJob {
  readonly path: string;
  readonly series: Series;
  readonly dayKey: string;
  /** The full header of the file's symbol (`seriesColumnsOf`). @default the USDⓈ-M header of `series` */
  readonly columns?: readonly string[];
}

/** A summarized day file: the identity the bytes were read under and the runs of present slots. */
export interface ScannedDay {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
  readonly runs: [number, number][];
  /** The file's header is foreign (see DaySlotSummary). */
  readonly foreign: boolean;
}

/** What scanning one file gave, as it crosses from a worker thread. */
export type ScanOutcome =
  | { readonly kind: 'day'; readonly day: ScannedDay }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unsafe'; readonly path: string; readonly entry: UnsafeEntryKind }
  | {
      readonly kind: 'error';
      readonly message: string;
      readonly code?: string;
      readonly errno?: number;
      readonly syscall?: string;
      readonly path?: string;
    };

/** A batch of files sent to a worker thread. */
export interface ScanRequest {
  readonly id: number;
  readonly jobs: readonly DayScanJob[];
}

/** A worker thread's answer to a ScanRequest, one outcome per job in order. */
export interface ScanResponse {
  readonly id: number;
  readonly outcomes: readonly ScanOutcome[];
}

// A few files are summarized on this thread; starting workers (about 0.1 s, once per process)
// pays off for the hundreds or thousands of files of a cold scan.
const WORKER_MIN_FILES = 16;
const FILES_PER_REQUEST = 8;
const MAX_WORKERS = 4;
// Idle workers are stopped: each is a whole V8 isolate (tens of MB), and a long-running collector
// scans in short bursts (one patrol round every 5 minutes) and must not keep them between bursts.
const DEFAULT_IDLE_MS = 2_000;
let idleMs = DEFAULT_IDLE_MS;
const IO_CONCURRENCY = 32;
// Read buffers are reused on this thread too: a fresh 100 kB buffer per file made garbage
// collection a third of a cold scan. Day files are at most a few hundred kB; larger ones are not kept.
const SCRATCH_MIN_BYTES = 128 * 1024;
const SCRATCH_MAX_BYTES = 1024 * 1024;
const scratchBuffers: Buffer[] = [];

function takeScratchBuffer(size: number): Buffer {
  if (size > SCRATCH_MAX_BYTES) return Buffer.allocUnsafe(size);
  const spare = scratchBuffers.pop();
  if (spare !== undefined && spare.length >= size) return spare;
  return Buffer.allocUnsafe(Math.max(SCRATCH_MIN_BYTES, size));
}

function releaseScratchBuffer(buffer: Buffer): void {
  if (buffer.length <= SCRATCH_MAX_BYTES && scratchBuffers.length < IO_CONCURRENCY)
    scratchBuffers.push(buffer);
}

async function scanInline(job: DayScanJob): Promise<ScannedDay | undefined> {
  let scratch: Buffer | undefined;
  try {
    const snapshot = await readFileBytesSnapshot(job.path, (size) => {
      scratch = takeScratchBuffer(size);
      return scratch;
    });
    if (snapshot === undefined) return undefined;
    const { runs, foreign } = summarizeDayBytes(snapshot.bytes, job.series, job.dayKey, job.columns);
    return { size: snapshot.size, mtimeMs: snapshot.mtimeMs, ino: snapshot.ino, runs, foreign };
  } finally {
    // The runs are plain numbers, so the buffer is free again once the scan returns.
    if (scratch !== undefined) releaseScratchBuffer(scratch);
  }
}

interface Pending {
  readonly files: number;
  readonly resolve: (outcomes: readonly ScanOutcome[]) => void;
  readonly reject: (error: Error) => void;
}

interface PoolWorker {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
  queuedFiles: number;
}

let workers: PoolWorker[] | undefined;
let workersFailed = false;
let nextRequestId = 0;
let idleTimer: NodeJS.Timeout | undefined;

/** Sets how long the pool may sit idle before its workers are stopped (tests shorten it). */
export function setScanWorkerIdleMs(ms: number): void {
  idleMs = ms;
}

function stopIdleWorkers(): void {
  idleTimer = undefined;
  const pool = workers;
  if (pool === undefined || pool.some((entry) => entry.pending.size > 0)) return;
  // Cleared first, so that the exit events of these workers are not taken for failures.
  workers = undefined;
  for (const entry of pool) void entry.worker.terminate();
}

function armIdleTimer(): void {
  if (idleTimer !== undefined) clearTimeout(idleTimer);
  idleTimer = setTimeout(stopIdleWorkers, idleMs);
  idleTimer.unref();
}

function failWorkers(error: Error): void {
  workersFailed = true;
  for (const entry of workers ?? []) {
    for (const pending of entry.pending.values()) pending.reject(error);
    entry.pending.clear();
    void entry.worker.terminate();
  }
  workers = undefined;
}

/**
 * Worker threads for a machine of `parallelism` threads: one fewer, so that the main thread keeps
 * a core for its event loop (a collector's live ticks go on during a patrol's scan), at least one,
 * at most MAX_WORKERS. Each worker is a whole V8 isolate: on 2 cores a second one added 10 to 20 MB
 * to the peak of a backfill, whose closing scan is all it is started for.
 */
export function scanWorkerCount(parallelism: number): number {
  return Math.max(1, Math.min(MAX_WORKERS, parallelism - 1));
}

function startWorkers(): PoolWorker[] {
  if (workers !== undefined) return workers;
  // The worker sits next to this module: .ts when run from source, .js once built.
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const url = new URL(`./scan-worker${extension}`, import.meta.url);
  const count = scanWorkerCount(availableParallelism());
  const started: PoolWorker[] = [];
  for (let index = 0; index < count; index++) {
    // Flags of the parent process (a test runner's or a profiler's) may not be valid in a worker.
    const worker = new Worker(url, { execArgv: [] });
    const entry: PoolWorker = { worker, pending: new Map(), queuedFiles: 0 };
    worker.unref();
    worker.on('message', (response: ScanResponse) => {
      const pending = entry.pending.get(response.id);
      if (pending === undefined) return;
      entry.pending.delete(response.id);
      entry.queuedFiles -= pending.files;
      // An idle worker must not keep the process alive; a busy one must, or a pending scan is lost.
      if (entry.pending.size === 0) worker.unref();
      if (workers?.every((candidate) => candidate.pending.size === 0)) armIdleTimer();
      pending.resolve(response.outcomes);
    });
    worker.on('error', (error) => failWorkers(error));
    worker.on('exit', (code) => {
      if (workers?.includes(entry)) failWorkers(new Error(`day scan worker exited with code ${code}`));
    });
    started.push(entry);
  }
  workers = started;
  return started;
}

function requestScan(jobs: readonly DayScanJob[]): Promise<readonly ScanOutcome[]> {
  const pool = startWorkers();
  let entry = pool[0] as PoolWorker;
  for (const candidate of pool) if (candidate.queuedFiles < entry.queuedFiles) entry = candidate;
  const id = nextRequestId++;
  if (idleTimer !== undefined) {
    clearTimeout(idleTimer);
    idleTimer = undefined;
  }
  return new Promise((resolve, reject) => {
    entry.pending.set(id, { files: jobs.length, resolve, reject });
    entry.queuedFiles += jobs.length;
    entry.worker.ref();
    entry.worker.postMessage({ id, jobs } satisfies ScanRequest);
  });
}

function outcomeToResult(outcome: ScanOutcome): ScannedDay | undefined {
  if (outcome.kind === 'day') return outcome.day;
  if (outcome.kind === 'missing') return undefined;
  if (outcome.kind === 'unsafe') throw new UnsafeEntryError(outcome.path, outcome.entry);
  const { kind: _kind, message, ...details } = outcome;
  throw Object.assign(new Error(message), details);
}

async function scanWithWorkers(jobs: readonly DayScanJob[]): Promise<(ScannedDay | undefined)[]> {
  const requests: Promise<readonly ScanOutcome[]>[] = [];
  for (let start = 0; start < jobs.length; start += FILES_PER_REQUEST) {
    requests.push(requestScan(jobs.slice(start, start + FILES_PER_REQUEST)));
  }
  const outcomes = (await Promise.all(requests)).flat();
  return outcomes.map(outcomeToResult);
}

/** How many worker threads are up (0 before the first large scan, once idle, or after they failed). */
export function runningScanWorkers(): number {
  return workers?.length ?? 0;
}

/**
 * Reads and summarizes `jobs` (undefined for a file that no longer exists), on worker threads when
 * there are many, otherwise on this thread; a file that cannot be read rejects with its error.
 */
export async function scanDayFiles(
  jobs: readonly DayScanJob[],
  options: { readonly workers?: boolean } = {},
): Promise<(ScannedDay | undefined)[]> {
  const useWorkers = options.workers ?? jobs.length >= WORKER_MIN_FILES;
  if (useWorkers && !workersFailed) {
    try {
      return await scanWithWorkers(jobs);
    } catch (error) {
      // A file's own error is final; a worker that could not start or died leaves this thread to it.
      if (!workersFailed) throw error;
    }
  }
  return pLimit(IO_CONCURRENCY).map(jobs, scanInline);
}
