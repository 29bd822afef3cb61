import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Simulator, startSimulator } from '@oi/binance-sim';
import { hashTree, neutralEnv, OI_MAIN, type OiRun, runOi } from '@oi/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOneErrorLine } from './test-support/error-line.ts';
import { createWorkDir, type WorkDir } from './test-support/work-dir.ts';

// SIGINT and SIGTERM stop every command: the abort reaches the work (an export stops between chunks,
// also while its output does not drain), a partial --out is removed, and the exit code is the
// signal's (130 SIGINT, 143 SIGTERM). The CLI forces an exit 5 s after the first signal and says so;
// a command that stopped in time never prints that line.

const DAY_MS = 86_400_000;
const FIRST_DAY_MS = Date.UTC(2026, 0, 1);
const SYMBOLS = 8;
const DAYS = 20;
const FORCED = /shutdown took longer than 5 s/;

let work: WorkDir;
let sim: Simulator;

/** 8 symbols x 20 days of 1m rows (230 400 rows): an export that takes a while. */
async function writeManyDayFiles(dataDir: string): Promise<void> {
  for (let symbol = 0; symbol < SYMBOLS; symbol++) {
    const name = `S${symbol}USDT`;
    const folder = join(dataDir, 'open_interest', name, '1m');
    await mkdir(folder, { recursive: true });
    for (let day = 0; day < DAYS; day++) {
      const dayMs = FIRST_DAY_MS + day * DAY_MS;
      const lines = ['timestamp,datetime_utc,openInterest,sumOpenInterestValue,markPrice,exchangeTime'];
      for (let minute = 0; minute < 1440; minute++) {
        const slotMs = dayMs + minute * 60_000;
        lines.push(
          `${slotMs},${new Date(slotMs).toISOString()},${1000 + minute}.125,${2000 + minute}.25,2,${slotMs + 150}`,
        );
      }
      await writeFile(
        join(folder, `${name}-oi-${new Date(dayMs).toISOString().slice(0, 10)}.csv`),
        `${lines.join('\n')}\n`,
      );
    }
  }
}

beforeAll(async () => {
  work = await createWorkDir('oi-stops-');
  await writeManyDayFiles(join(work.path, 'data'));
  sim = await startSimulator({ seed: 5, latency: { baseMs: 150, jitterMs: 100 } });
}, 120_000);
afterAll(async () => {
  await sim.close();
  await work.remove();
});

/** Sends `signal` once `ready` says the child has got that far (polled every 5 ms). */
function signalWhen(
  child: ChildProcess,
  signal: NodeJS.Signals,
  ready: () => Promise<boolean>,
): Promise<boolean> {
  return new Promise((resolve) => {
    const poll = async (): Promise<void> => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(false);
      if (await ready()) {
        child.kill(signal);
        return resolve(true);
      }
      setTimeout(poll, 5);
    };
    void poll();
  });
}

describe('signals stop every command', () => {
  it('SIGTERM during export --out: exit 143, the partial file removed, the old file as it was', async () => {
    await writeFile(join(work.path, 'target.csv'), 'the earlier export\n');
    const data = await hashTree(join(work.path, 'data'), (path) => /\/data\/state(\/|$)/.test(path));
    let signalled: Promise<boolean> = Promise.resolve(false);
    const partial = async () =>
      (await readdir(work.path)).some((name) => name.startsWith('.target.csv.partial'));
    const run = await runOi(['export', '--data-dir', 'data', '--series', '1m', '--out', 'target.csv'], {
      cwd: work.path,
      onSpawn: (child) => {
        signalled = signalWhen(child, 'SIGTERM', partial);
      },
    });
    expect(await signalled).toBe(true);
    expectOneErrorLine(run, 143, /^oi: error: stopped by SIGTERM before it finished$/);
    expect(run.stderr).not.toMatch(FORCED);
    expect(await readFile(join(work.path, 'target.csv'), 'utf8')).toBe('the earlier export\n');
    expect((await readdir(work.path)).filter((name) => name.includes('partial'))).toEqual([]);
    expect(await hashTree(join(work.path, 'data'), (path) => /\/data\/state(\/|$)/.test(path))).toBe(data);
  }, 120_000);

  it('SIGINT during an export to a reader that stopped reading: exit 130, no forced exit', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=@oi/source', '--', OI_MAIN, 'export', '--data-dir', 'data', '--series', '1m'],
      { cwd: work.path, env: neutralEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // Nobody reads stdout: the pipe fills up and the export waits for it to drain.
    child.stdout.pause();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<OiRun>((resolve) => {
      child.on('close', (code, signal) => resolve({ code, signal, stdout: '', stderr }));
    });
    const signalled = await signalWhen(child, 'SIGINT', async () => stderr.includes('info  export: '));
    const run = await exited;
    expect(signalled).toBe(true);
    expectOneErrorLine(run, 130, /^oi: error: stopped by SIGINT before it finished$/);
    expect(run.stderr).not.toMatch(FORCED);
  }, 120_000);

  it('SIGTERM during a backfill: exit 143, the task kept as interrupted for oi resume', async () => {
    const to = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS).toISOString().slice(0, 10);
    const from = new Date(Date.parse(to) - 25 * DAY_MS).toISOString().slice(0, 10);
    let signalled: Promise<boolean> = Promise.resolve(false);
    let stderr = '';
    const run = await runOi(
      [
        'backfill',
        '-S',
        'BTCUSDT,ETHUSDT',
        '--from',
        from,
        '--to',
        to,
        '--data-dir',
        'backfill-data',
        '--fapi-url',
        sim.url,
        '--archive-url',
        sim.url,
        '--json',
      ],
      {
        cwd: work.path,
        onSpawn: (child) => {
          child.stderr?.on('data', (chunk: Buffer) => {
            stderr += chunk.toString();
          });
          signalled = signalWhen(child, 'SIGTERM', async () => /info {2}backfill \(/.test(stderr));
        },
      },
    );
    expect(await signalled).toBe(true);
    expectOneErrorLine(run, 143, /^oi: error: stopped by SIGTERM before it finished$/);
    expect(run.stderr).not.toMatch(FORCED);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({ ok: false, error: { code: 'STOPPED' }, exitCode: 143, interrupted: true });
    const resume = await runOi(['resume', '--data-dir', 'backfill-data'], { cwd: work.path });
    expect(resume.stdout).toMatch(/backfill interrupted/);
  }, 180_000);
});
