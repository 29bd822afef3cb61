import { randomUUID } from 'node:crypto';
import { isOiError, OiError } from '@oi/errors';
import { readJsonFile, type TimeRange, taskJournalPath, writeFileDurably } from '@oi/storage';
import { z } from 'zod';
import { mergeRanges } from '../grid/time-range.ts';

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

/** The codes a {@link TaskJournalError} carries. */
export type TaskJournalErrorCode =
  /** The journal file exists but cannot be read, or is not a journal. */
  | 'JOURNAL_UNREADABLE'
  /** Writing the journal failed; what was recorded since the last save is not on disk. */
  | 'JOURNAL_NOT_SAVED'
  /** No task with the given id is in the journal. */
  | 'JOURNAL_UNKNOWN_TASK'
  /** The task is done and cannot be resumed. */
  | 'JOURNAL_TASK_DONE';

/** A task journal that cannot be read or saved, or a task id it cannot act on; the message names the file. */
export class TaskJournalError extends OiError {
  declare readonly code: TaskJournalErrorCode;
  /** The journal file. */
  readonly path: string;
  constructor(code: TaskJournalErrorCode, path: string, message: string, options?: ErrorOptions) {
    super(code, message, options);
    this.path = path;
  }
}

const timeRangeSchema = z.object({ startMs: z.number(), endMs: z.number() });

// Fields a journal of an earlier version may lack get the values a fresh task has.
const taskSchema = z.object({
  id: z.string(),
  type: z.enum(['collect', 'backfill', 'patrol']),
  status: z.enum(['running', 'interrupted', 'done']),
  symbols: z.array(z.string()),
  range: timeRangeSchema.nullable().default(null),
  startedAtMs: z.number(),
  updatedAtMs: z.number().optional(),
  progress: z
    .object({ slotsDone: z.number(), slotsTotal: z.number(), requests: z.number() })
    .default({ slotsDone: 0, slotsTotal: 0, requests: 0 }),
  completedWindows: z.record(z.string(), z.array(timeRangeSchema)).default({}),
  options: z.record(z.string(), z.unknown()).default({}),
});

const journalSchema = z.object({ version: z.literal(1).optional(), tasks: z.array(taskSchema) });

function unreadable(path: string, detail: string, cause?: unknown): TaskJournalError {
  return new TaskJournalError(
    'JOURNAL_UNREADABLE',
    path,
    `Task journal ${path} is unreadable: ${detail}`,
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Every task in the journal, oldest first; a missing file is an empty journal. A file that is not a
 * journal is a TaskJournalError naming the first problem: a task is never dropped silently.
 */
export async function readTaskJournal(dataDir: string): Promise<TaskRecord[]> {
  const path = taskJournalPath(dataDir);
  const read = await readJsonFile(path, journalSchema);
  if (read.kind === 'absent') return [];
  if (read.kind === 'invalid') throw unreadable(path, read.problem, read.cause);
  return read.value.tasks.map((task) => ({ ...task, updatedAtMs: task.updatedAtMs ?? task.startedAtMs }));
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
  /**
   * Records a completed history window and schedules a save. A scheduled save that fails is
   * retried by the next `save`, `finish` or `flush`, which rejects if it fails again.
   */
  recordWindow(symbol: string, range: TimeRange): void;
  /** Replaces the progress counters and schedules a save (see recordWindow). */
  setProgress(progress: TaskProgress): void;
  /** Drops completed ranges that ended before `beforeMs` (they fell out of every source's reach). */
  pruneBefore(beforeMs: number): void;
  /** Resolves once everything recorded so far is on disk; rejects with TaskJournalError (JOURNAL_NOT_SAVED) otherwise. */
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
  /** Resolves once everything recorded is on disk, retrying a scheduled save that failed; rejects with TaskJournalError (JOURNAL_NOT_SAVED) otherwise. */
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

  // `dirty` stays set after a failed write, so the next save writes again: a failure is reported to
  // whoever awaits a save, never dropped.
  let dirty = false;
  let writing: Promise<void> | undefined;

  const materialize = (task: MutableTask): TaskRecord => ({
    ...task.record,
    completedWindows: Object.fromEntries(task.windows),
  });

  const writeLoop = async (): Promise<void> => {
    while (dirty) {
      dirty = false;
      const records = [...tasks.values()].map(materialize);
      try {
        await writeFileDurably(path, `${JSON.stringify({ version: 1, tasks: records }, null, 2)}\n`);
      } catch (error) {
        dirty = true;
        const detail = isOiError(error)
          ? error.message
          : ((error as NodeJS.ErrnoException).code ?? String(error));
        throw new TaskJournalError(
          'JOURNAL_NOT_SAVED',
          path,
          `Task journal ${path} was not saved: ${detail}`,
          {
            cause: error,
          },
        );
      }
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

  // A save nobody waits for: its failure keeps `dirty` set for the next awaited save to retry and report.
  const scheduleSave = (): void => {
    save().catch(() => undefined);
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
      scheduleSave();
    },
    setProgress: (progress) => {
      touch(task, { progress });
      scheduleSave();
    },
    pruneBefore: (beforeMs) => {
      for (const [symbol, ranges] of task.windows) {
        task.windows.set(
          symbol,
          ranges.filter((r) => r.endMs > beforeMs),
        );
      }
      scheduleSave();
    },
    save,
    finish: (status) => {
      touch(task, { status });
      return save();
    },
  });

  const find = (id: string): MutableTask => {
    const task = tasks.get(id);
    if (task === undefined)
      throw new TaskJournalError('JOURNAL_UNKNOWN_TASK', path, `No task ${id} in ${path}`);
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
      if (task.record.status === 'done') {
        throw new TaskJournalError('JOURNAL_TASK_DONE', path, `Task ${id} is already done`);
      }
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
      while (writing !== undefined) await writing.catch(() => undefined);
      if (dirty) await save();
    },
  };
}

/** Marks a task done in a data directory's journal (for a process that does not hold it open). */
export async function markTaskDone(dataDir: string, id: string): Promise<void> {
  await (await openTaskJournal({ dataDir })).markDone(id);
}
