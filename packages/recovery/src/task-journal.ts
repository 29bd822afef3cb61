import { randomUUID } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TimeRange } from '@oi/storage';
import writeFileAtomic from 'write-file-atomic';
import { mergeRanges } from './time-range.ts';

/** What kind of job a journal entry describes. */
export type TaskType = 'collect' | 'backfill' | 'patrol';

/** `running` (or crashed while running), `interrupted` (stopped by a signal), or `done`. */
export type TaskStatus = 'running' | 'interrupted' | 'done';

/** Counters a task reports while it runs. */
export interface TaskProgress {
  /** Slots written or settled so far. */
  readonly slotsDone: number;
  /** Slots the task set out to fill. */
  readonly slotsTotal: number;
  /** History page requests made. */
  readonly requests: number;
}

/** One entry of `<data>/state/running_tasks.json`. */
export interface TaskRecord {
  /** Unique id, e.g. `backfill-20260930T120000Z-1a2b3c4d`. */
  readonly id: string;
  /** The kind of job. */
  readonly type: TaskType;
  /** Where it stands. */
  readonly status: TaskStatus;
  /** The symbols the task works on. */
  readonly symbols: readonly string[];
  /** The time range it covers (`null` for an open-ended collector). */
  readonly range: TimeRange | null;
  /** When it started, epoch ms. */
  readonly startedAtMs: number;
  /** When the entry was last saved, epoch ms. */
  readonly updatedAtMs: number;
  /** Counters at the last save. */
  readonly progress: TaskProgress;
  /** Per symbol, the 5m ranges whose history pages completed (merged); resume skips them. */
  readonly completedWindows: Readonly<Record<string, readonly TimeRange[]>>;
  /** Free-form options needed to resume (e.g. `durationMs`, `historyOnly`). */
  readonly options: Readonly<Record<string, unknown>>;
}

/** What a caller states when a task begins. */
export interface TaskSpec {
  /** The kind of job. */
  readonly type: TaskType;
  /** The symbols the task works on. */
  readonly symbols: readonly string[];
  /** The time range it covers (`null` for an open-ended collector). */
  readonly range: TimeRange | null;
  /** Options needed to resume. */
  readonly options?: Readonly<Record<string, unknown>>;
}

/** Reported after each write of the journal file. */
export interface JournalSavedEvent {
  readonly type: 'journal-saved';
  readonly path: string;
  readonly tasks: number;
}

/** The journal's file: `<data>/state/running_tasks.json`. */
export function taskJournalPath(dataDir: string): string {
  return join(dataDir, 'state', 'running_tasks.json');
}

/** Thrown when the journal file exists but is not a journal; the message names the file. */
export class TaskJournalError extends Error {
  /** The journal file. */
  readonly path: string;
  constructor(path: string, detail: string, options?: ErrorOptions) {
    super(`Task journal ${path} is unreadable: ${detail}`, options);
    this.name = 'TaskJournalError';
    this.path = path;
  }
}

/** Every task in the journal, oldest first; a missing file is an empty journal. */
export async function readTaskJournal(dataDir: string): Promise<TaskRecord[]> {
  const path = taskJournalPath(dataDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new TaskJournalError(path, 'not JSON', { cause: error });
  }
  const tasks = (parsed as { tasks?: unknown } | null)?.tasks;
  if (!Array.isArray(tasks)) throw new TaskJournalError(path, 'expected an object with a "tasks" array');
  return tasks.map((task, index) => parseTask(path, task, index));
}

function parseTask(path: string, value: unknown, index: number): TaskRecord {
  const task = value as Partial<TaskRecord> | null;
  const ok =
    task !== null &&
    typeof task === 'object' &&
    typeof task.id === 'string' &&
    (task.type === 'collect' || task.type === 'backfill' || task.type === 'patrol') &&
    (task.status === 'running' || task.status === 'interrupted' || task.status === 'done') &&
    Array.isArray(task.symbols) &&
    typeof task.startedAtMs === 'number';
  if (!ok) throw new TaskJournalError(path, `task #${index} lacks id, type, status, symbols or startedAtMs`);
  return {
    id: task.id!,
    type: task.type!,
    status: task.status!,
    symbols: task.symbols!.map(String),
    range: task.range ?? null,
    startedAtMs: task.startedAtMs!,
    updatedAtMs: task.updatedAtMs ?? task.startedAtMs!,
    progress: task.progress ?? { slotsDone: 0, slotsTotal: 0, requests: 0 },
    completedWindows: task.completedWindows ?? {},
    options: task.options ?? {},
  };
}

/** Tasks that did not finish (still marked running after a crash, or interrupted), oldest first. */
export async function listIncompleteTasks(dataDir: string): Promise<TaskRecord[]> {
  return (await readTaskJournal(dataDir)).filter((task) => task.status !== 'done');
}

/** A task being worked on: record completed windows and progress; saves are atomic and coalesced. */
export interface TaskHandle {
  /** The task's id. */
  readonly id: string;
  /** The task as it stands now (not necessarily saved yet). */
  snapshot(): TaskRecord;
  /** Completed 5m ranges of a symbol, merged. */
  completedRanges(symbol: string): readonly TimeRange[];
  /** Records a completed history window and schedules a save. */
  recordWindow(symbol: string, range: TimeRange): void;
  /** Replaces the progress counters and schedules a save. */
  setProgress(progress: TaskProgress): void;
  /** Drops completed ranges that ended before `beforeMs` (they fell out of every source's reach). */
  pruneBefore(beforeMs: number): void;
  /** Resolves once everything recorded so far is on disk. */
  save(): Promise<void>;
  /** Sets the final status (`done` or `interrupted`) and saves. */
  finish(status: 'done' | 'interrupted'): Promise<void>;
}

/** The journal of one data directory, held by the process that holds the data directory's writer lock. */
export interface TaskJournal {
  /** The journal file. */
  readonly path: string;
  /** Starts a new task (status `running`) and saves it. */
  begin(spec: TaskSpec): Promise<TaskHandle>;
  /** Takes up an incomplete task again (status back to `running`); throws if the id is unknown or done. */
  resume(id: string): Promise<TaskHandle>;
  /** Every task, as held in memory. */
  list(): TaskRecord[];
  /** Marks a task done. */
  markDone(id: string): Promise<void>;
  /** Removes a task from the journal. */
  discard(id: string): Promise<void>;
  /** Resolves once every pending save is written. */
  flush(): Promise<void>;
}

/** Options of {@link openTaskJournal}. */
export interface OpenTaskJournalOptions {
  /** The data directory; the journal lives in `<dataDir>/state/running_tasks.json`. */
  readonly dataDir: string;
  /** Source of `startedAtMs`/`updatedAtMs`. @default Date.now */
  readonly nowMs?: () => number;
  /** Receives a `journal-saved` event after each write. */
  readonly onEvent?: (event: JournalSavedEvent) => void;
}

interface MutableTask {
  record: TaskRecord;
  windows: Map<string, TimeRange[]>;
}

/** Loads the journal of a data directory for writing. */
export async function openTaskJournal(options: OpenTaskJournalOptions): Promise<TaskJournal> {
  const path = taskJournalPath(options.dataDir);
  const nowMs = options.nowMs ?? Date.now;
  const tasks = new Map<string, MutableTask>();
  for (const record of await readTaskJournal(options.dataDir)) {
    tasks.set(record.id, {
      record,
      windows: new Map(Object.entries(record.completedWindows).map(([s, r]) => [s, [...r]])),
    });
  }

  let dirty = false;
  let writing: Promise<void> | undefined;

  const materialize = (task: MutableTask): TaskRecord => ({
    ...task.record,
    completedWindows: Object.fromEntries(task.windows),
  });

  const writeLoop = async (): Promise<void> => {
    await mkdir(join(options.dataDir, 'state'), { recursive: true });
    while (dirty) {
      dirty = false;
      const records = [...tasks.values()].map(materialize);
      await writeFileAtomic(path, `${JSON.stringify({ version: 1, tasks: records }, null, 2)}\n`, {
        fsync: true,
      });
      options.onEvent?.({ type: 'journal-saved', path, tasks: records.length });
    }
  };

  const save = (): Promise<void> => {
    dirty = true;
    if (writing === undefined) {
      writing = writeLoop().finally(() => {
        writing = undefined;
      });
    }
    return writing;
  };

  const touch = (task: MutableTask, patch: Partial<TaskRecord>): void => {
    task.record = { ...task.record, ...patch, updatedAtMs: nowMs() };
  };

  const handleOf = (task: MutableTask): TaskHandle => ({
    id: task.record.id,
    snapshot: () => materialize(task),
    completedRanges: (symbol) => task.windows.get(symbol) ?? [],
    recordWindow: (symbol, range) => {
      task.windows.set(symbol, mergeRanges([...(task.windows.get(symbol) ?? []), range]));
      touch(task, {});
      void save().catch(() => {});
    },
    setProgress: (progress) => {
      touch(task, { progress });
      void save().catch(() => {});
    },
    pruneBefore: (beforeMs) => {
      for (const [symbol, ranges] of task.windows) {
        task.windows.set(
          symbol,
          ranges.filter((r) => r.endMs > beforeMs),
        );
      }
      void save().catch(() => {});
    },
    save,
    finish: (status) => {
      touch(task, { status });
      return save();
    },
  });

  const find = (id: string): MutableTask => {
    const task = tasks.get(id);
    if (task === undefined) throw new Error(`No task ${id} in ${path}`);
    return task;
  };

  return {
    path,
    begin: async (spec) => {
      const startedAtMs = nowMs();
      const stamp = new Date(startedAtMs).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
      const record: TaskRecord = {
        id: `${spec.type}-${stamp}-${randomUUID().slice(0, 8)}`,
        type: spec.type,
        status: 'running',
        symbols: [...spec.symbols],
        range: spec.range,
        startedAtMs,
        updatedAtMs: startedAtMs,
        progress: { slotsDone: 0, slotsTotal: 0, requests: 0 },
        completedWindows: {},
        options: spec.options ?? {},
      };
      const task: MutableTask = { record, windows: new Map() };
      tasks.set(record.id, task);
      await save();
      return handleOf(task);
    },
    resume: async (id) => {
      const task = find(id);
      if (task.record.status === 'done') throw new Error(`Task ${id} is already done`);
      touch(task, { status: 'running' });
      await save();
      return handleOf(task);
    },
    list: () => [...tasks.values()].map(materialize),
    markDone: async (id) => {
      touch(find(id), { status: 'done' });
      await save();
    },
    discard: async (id) => {
      find(id);
      tasks.delete(id);
      await save();
    },
    flush: async () => {
      while (writing !== undefined) await writing;
    },
  };
}

/** Marks a task done in a data directory's journal (for a process that does not hold it open). */
export async function markTaskDone(dataDir: string, id: string): Promise<void> {
  await (await openTaskJournal({ dataDir })).markDone(id);
}

/** Removes a task from a data directory's journal (for a process that does not hold it open). */
export async function discardTask(dataDir: string, id: string): Promise<void> {
  await (await openTaskJournal({ dataDir })).discard(id);
}
