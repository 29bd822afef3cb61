import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StorageError, taskJournalPath } from '@oi/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type JournalSavedEvent,
  listIncompleteTasks,
  markTaskDone,
  openTaskJournal,
  readTaskJournal,
  TaskJournalError,
} from './task-journal.ts';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'oi-journal-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const S = 300_000;
const T0 = Date.UTC(2026, 8, 1);
const range = { startMs: T0, endMs: T0 + 1000 * S };

describe('task journal', () => {
  it('a missing journal is empty', async () => {
    expect(await readTaskJournal(dataDir)).toEqual([]);
    expect(await listIncompleteTasks(dataDir)).toEqual([]);
  });

  it('records a task, its completed windows and progress, and reads them back after a restart', async () => {
    const events: JournalSavedEvent[] = [];
    let clockMs = T0 + 5_000_000;
    const journal = await openTaskJournal({ dataDir, nowMs: () => clockMs, onEvent: (e) => events.push(e) });
    const task = await journal.begin({ type: 'backfill', symbols: ['BTCUSDT', 'ETHUSDT'], range });
    expect(task.id).toMatch(/^backfill-\d{8}T\d{6}Z-[0-9a-f]{8}$/);
    task.recordWindow('BTCUSDT', { startMs: T0, endMs: T0 + 500 * S });
    task.recordWindow('BTCUSDT', { startMs: T0 + 500 * S, endMs: T0 + 700 * S });
    task.recordWindow('ETHUSDT', { startMs: T0 + 500 * S, endMs: T0 + 600 * S });
    clockMs += 1000;
    task.setProgress({ slotsDone: 800, slotsTotal: 2000, requests: 3 });
    await task.save();
    expect(events.at(-1)).toEqual({ type: 'journal-saved', path: taskJournalPath(dataDir), tasks: 1 });

    const [saved] = await listIncompleteTasks(dataDir);
    expect(saved).toMatchObject({
      id: task.id,
      type: 'backfill',
      status: 'running',
      symbols: ['BTCUSDT', 'ETHUSDT'],
      range,
      startedAtMs: T0 + 5_000_000,
      updatedAtMs: T0 + 5_001_000,
      progress: { slotsDone: 800, slotsTotal: 2000, requests: 3 },
      completedWindows: {
        BTCUSDT: [{ startMs: T0, endMs: T0 + 700 * S }],
        ETHUSDT: [{ startMs: T0 + 500 * S, endMs: T0 + 600 * S }],
      },
    });

    const reopened = await openTaskJournal({ dataDir });
    const resumed = await reopened.resume(task.id);
    expect(resumed.completedRanges('BTCUSDT')).toEqual([{ startMs: T0, endMs: T0 + 700 * S }]);
    expect(resumed.completedRanges('SOLUSDT')).toEqual([]);
    await resumed.finish('interrupted');
    expect((await listIncompleteTasks(dataDir))[0]?.status).toBe('interrupted');
    await markTaskDone(dataDir, task.id);
    expect(await listIncompleteTasks(dataDir)).toEqual([]);
    expect((await readTaskJournal(dataDir))[0]?.status).toBe('done');
    const last = await openTaskJournal({ dataDir });
    await expect(last.resume(task.id)).rejects.toMatchObject({ code: 'JOURNAL_TASK_DONE' });
    await expect(last.resume('no-such-task')).rejects.toMatchObject({ code: 'JOURNAL_UNKNOWN_TASK' });
    await last.discard(task.id);
    expect(await readTaskJournal(dataDir)).toEqual([]);
  });

  it('coalesces saves under load and leaves no temp files behind', async () => {
    const journal = await openTaskJournal({ dataDir });
    const task = await journal.begin({ type: 'patrol', symbols: ['BTCUSDT'], range: null });
    for (let i = 0; i < 200; i++)
      task.recordWindow('BTCUSDT', { startMs: T0 + i * S, endMs: T0 + (i + 1) * S });
    await journal.flush();
    const [saved] = await readTaskJournal(dataDir);
    expect(saved?.completedWindows['BTCUSDT']).toEqual([{ startMs: T0, endMs: T0 + 200 * S }]);
    expect(await readdir(join(dataDir, 'state'))).toEqual(['running_tasks.json']);
  });

  it('prunes completed ranges that fell out of reach', async () => {
    const journal = await openTaskJournal({ dataDir });
    const task = await journal.begin({ type: 'collect', symbols: ['BTCUSDT'], range: null });
    task.recordWindow('BTCUSDT', { startMs: T0, endMs: T0 + S });
    task.recordWindow('BTCUSDT', { startMs: T0 + 10 * S, endMs: T0 + 11 * S });
    task.pruneBefore(T0 + 5 * S);
    expect(task.completedRanges('BTCUSDT')).toEqual([{ startMs: T0 + 10 * S, endMs: T0 + 11 * S }]);
    await journal.flush();
    const [saved] = await readTaskJournal(dataDir);
    expect(saved?.completedWindows['BTCUSDT']).toEqual([{ startMs: T0 + 10 * S, endMs: T0 + 11 * S }]);
  });

  it('keeps several tasks and lists only the unfinished ones', async () => {
    const journal = await openTaskJournal({ dataDir });
    const a = await journal.begin({ type: 'backfill', symbols: ['A1'], range });
    const b = await journal.begin({ type: 'collect', symbols: ['B1'], range: null, options: { hours: 2 } });
    await a.finish('done');
    const incomplete = await listIncompleteTasks(dataDir);
    expect(incomplete.map((t) => [t.id, t.options])).toEqual([[b.id, { hours: 2 }]]);
    expect(journal.list()).toHaveLength(2);
  });

  it('names the file when it is not a journal', async () => {
    await mkdir(join(dataDir, 'state'), { recursive: true });
    await writeFile(taskJournalPath(dataDir), '{"tasks": [{"id": 1}]}');
    await expect(readTaskJournal(dataDir)).rejects.toThrow(TaskJournalError);
    await writeFile(taskJournalPath(dataDir), 'not json');
    await expect(readTaskJournal(dataDir)).rejects.toThrow(/running_tasks\.json is unreadable: not JSON/);
  });

  it.each([
    [
      'a window that is not a range',
      { completedWindows: { BTCUSDT: [{ startMs: 'x', endMs: 1 }] } },
      /tasks\.1\.completedWindows\.BTCUSDT\.0\.startMs/,
    ],
    ['a range that is not a range', { range: 'all of it' }, /tasks\.1\.range/],
    ['a symbol that is not a string', { symbols: ['BTCUSDT', 7] }, /tasks\.1\.symbols\.1/],
    ['progress without counters', { progress: { slotsDone: 1 } }, /tasks\.1\.progress\.slotsTotal/],
  ])('refuses a journal with %s instead of dropping the task', async (_label, patch, where) => {
    const journal = await openTaskJournal({ dataDir });
    await journal.begin({ type: 'backfill', symbols: ['BTCUSDT'], range });
    await journal.begin({ type: 'backfill', symbols: ['ETHUSDT'], range });
    const saved = JSON.parse(await readFile(taskJournalPath(dataDir), 'utf8'));
    saved.tasks[1] = { ...saved.tasks[1], ...patch };
    await writeFile(taskJournalPath(dataDir), JSON.stringify(saved));
    const error = await readTaskJournal(dataDir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TaskJournalError);
    expect(error).toMatchObject({ code: 'JOURNAL_UNREADABLE', path: taskJournalPath(dataDir) });
    expect((error as Error).message).toMatch(where);
    await expect(openTaskJournal({ dataDir })).rejects.toMatchObject({ code: 'JOURNAL_UNREADABLE' });
  });

  it('reads a journal of an earlier version that lacks the optional fields', async () => {
    await mkdir(join(dataDir, 'state'), { recursive: true });
    const bare = {
      id: 'backfill-1',
      type: 'backfill',
      status: 'running',
      symbols: ['BTCUSDT'],
      startedAtMs: T0,
    };
    await writeFile(taskJournalPath(dataDir), JSON.stringify({ tasks: [bare] }));
    expect(await readTaskJournal(dataDir)).toEqual([
      {
        ...bare,
        range: null,
        updatedAtMs: T0,
        progress: { slotsDone: 0, slotsTotal: 0, requests: 0 },
        completedWindows: {},
        options: {},
      },
    ]);
  });

  it('reports a save that failed to whoever waits for the next one, until a save succeeds', async () => {
    const journal = await openTaskJournal({ dataDir });
    const task = await journal.begin({ type: 'patrol', symbols: ['BTCUSDT'], range: null });
    // A directory where the journal file should be: the rename fails, even for root.
    await rm(taskJournalPath(dataDir));
    await mkdir(join(taskJournalPath(dataDir), 'blocker'), { recursive: true });
    task.recordWindow('BTCUSDT', { startMs: T0, endMs: T0 + S });
    const failed = await journal.flush().catch((caught: unknown) => caught);
    expect(failed).toBeInstanceOf(TaskJournalError);
    expect(failed).toMatchObject({ code: 'JOURNAL_NOT_SAVED', path: taskJournalPath(dataDir) });
    // The failed save is not forgotten: the next wait retries it and fails again.
    await expect(journal.flush()).rejects.toMatchObject({ code: 'JOURNAL_NOT_SAVED' });
    await expect(task.save()).rejects.toMatchObject({ code: 'JOURNAL_NOT_SAVED' });
    await expect(task.finish('done')).rejects.toMatchObject({ code: 'JOURNAL_NOT_SAVED' });
    await rm(taskJournalPath(dataDir), { recursive: true });
    await journal.flush();
    const [saved] = await readTaskJournal(dataDir);
    expect(saved).toMatchObject({
      status: 'done',
      completedWindows: { BTCUSDT: [{ startMs: T0, endMs: T0 + S }] },
    });
  });

  it.runIf(process.platform === 'linux')(
    'rejects, never hangs, when the state folder cannot be created',
    async () => {
      const journal = await openTaskJournal({ dataDir: '/proc/oi-test-no-such/data' });
      const error = await journal
        .begin({ type: 'patrol', symbols: ['BTCUSDT'], range: null })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'JOURNAL_NOT_SAVED' });
      expect((error as Error).cause).toBeInstanceOf(StorageError);
    },
    10_000,
  );

  it('writes readable JSON', async () => {
    const journal = await openTaskJournal({ dataDir });
    await journal.begin({ type: 'backfill', symbols: ['BTCUSDT'], range });
    const text = await readFile(taskJournalPath(dataDir), 'utf8');
    expect(JSON.parse(text)).toMatchObject({ version: 1, tasks: [{ type: 'backfill' }] });
    expect(text.endsWith('\n')).toBe(true);
  });
});
