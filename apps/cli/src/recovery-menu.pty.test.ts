import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Simulator, startSimulator } from '@oi/binance-sim';
import { openTaskJournal, readTaskJournal } from '@oi/recovery';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KEYS, runInPty } from './test-support/run-in-pty.ts';

// The recovery menu and the backfill confirmation, driven through a real pseudo-terminal.

const DAY_MS = 86_400_000;
let sim: Simulator;
let root: string;
let dataDir: string;
const yesterdayStart = Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS;
const yesterday = new Date(yesterdayStart).toISOString().slice(0, 10);

beforeAll(async () => {
  sim = await startSimulator({ seed: 5 });
  root = await mkdtemp(join(tmpdir(), 'oi-pty-'));
});
afterAll(async () => {
  await sim.close();
  await rm(root, { recursive: true, force: true });
});

let ids: string[];
beforeEach(async () => {
  dataDir = await mkdtemp(join(root, 'data-'));
  const journal = await openTaskJournal({ dataDir });
  ids = [];
  for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
    const task = await journal.begin({
      type: 'backfill',
      symbols: [symbol],
      range: { startMs: yesterdayStart, endMs: yesterdayStart + DAY_MS },
    });
    await task.finish('interrupted');
    ids.push(task.id);
  }
  await journal.flush();
});

const statuses = async () => (await readTaskJournal(dataDir)).map((task) => [task.id, task.status]);
const common = () => ['--data-dir', dataDir, '--fapi-url', sim.url, '-S', 'BTCUSDT'];

describe('recovery menu in a terminal', () => {
  it('"Mark a task done" marks the chosen task and shows the menu again; "Exit" leaves the rest', async () => {
    const run = await runInPty(['resume', ...common()], {
      cwd: root,
      steps: [
        { waitFor: /What now\?/, send: KEYS.down + KEYS.down + KEYS.enter },
        { waitFor: /Mark which task done\?/, send: KEYS.enter },
        { waitFor: /1 incomplete task/, send: KEYS.down + KEYS.down + KEYS.down + KEYS.down + KEYS.enter },
      ],
    });
    expect(run.code).toBe(0);
    expect(run.screen).toContain(`marked done: ${ids[0]}`);
    expect(await statuses()).toEqual([
      [ids[0], 'done'],
      [ids[1], 'interrupted'],
    ]);
  });

  it('"Resume one task" runs just that task to the end', async () => {
    const run = await runInPty(['resume', ...common()], {
      cwd: root,
      steps: [
        { waitFor: /What now\?/, send: KEYS.down + KEYS.enter },
        { waitFor: /Resume which task\?/, send: KEYS.down + KEYS.enter },
      ],
    });
    expect(run.code).toBe(0);
    expect(run.screen).toContain('resumed 1 task(s)');
    expect(await statuses()).toEqual([
      [ids[0], 'interrupted'],
      [ids[1], 'done'],
    ]);
    expect(await readdir(join(dataDir, 'open_interest'))).toEqual(['ETHUSDT']);
  });

  it('"Resume all" finishes every task', async () => {
    const run = await runInPty(['resume', ...common()], {
      cwd: root,
      steps: [{ waitFor: /What now\?/, send: KEYS.enter }],
    });
    expect(run.code).toBe(0);
    expect((await statuses()).map(([, status]) => status)).toEqual(['done', 'done']);
  });

  it('"Exit" changes nothing', async () => {
    const run = await runInPty(['resume', ...common()], {
      cwd: root,
      steps: [{ waitFor: /What now\?/, send: KEYS.down + KEYS.down + KEYS.down + KEYS.down + KEYS.enter }],
    });
    expect(run.code).toBe(0);
    expect((await statuses()).map(([, status]) => status)).toEqual(['interrupted', 'interrupted']);
  });

  it('"Start a new task" in backfill leaves the old tasks and runs the new one, after an honest confirmation', async () => {
    const run = await runInPty(['backfill', '--from', yesterday, '--to', yesterday, ...common()], {
      cwd: root,
      steps: [
        { waitFor: /Backfill\?/, send: `y${KEYS.enter}` },
        { waitFor: /What now\?/, send: KEYS.down + KEYS.down + KEYS.down + KEYS.enter },
      ],
    });
    expect(run.code).toBe(0);
    expect(run.screen).toContain(
      '288 5m slots can be backfilled, 1440 1m slots cannot be recovered. Backfill?',
    );
    const tasks = await readTaskJournal(dataDir);
    expect(tasks.map((task) => task.status)).toEqual(['interrupted', 'interrupted', 'done']);
    expect(await readdir(join(dataDir, 'open_interest'))).toEqual(['BTCUSDT']);
  });

  it('declining the backfill confirmation touches nothing', async () => {
    const run = await runInPty(['backfill', '--from', yesterday, '--to', yesterday, ...common()], {
      cwd: root,
      steps: [{ waitFor: /Backfill\?/, send: `n${KEYS.enter}` }],
    });
    expect(run.code).toBe(0);
    expect(run.screen).toContain('nothing done');
    expect(await readdir(dataDir)).toEqual(['state']);
  });

  it('--yes and --resume skip every question (script use)', async () => {
    const run = await runInPty(
      ['backfill', '--from', yesterday, '--to', yesterday, '--yes', '--resume', ...common()],
      {
        cwd: root,
        steps: [],
      },
    );
    expect(run.code).toBe(0);
    expect((await statuses()).map(([, status]) => status)).toEqual(['done', 'done', 'done']);
  });
});
