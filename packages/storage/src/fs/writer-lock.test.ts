import { once } from 'node:events';
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repairFile } from '../maintain/repair-file.ts';
import { StoreLockedError } from '../model/errors.ts';
import type { StoreEvent } from '../model/store-event.ts';
import {
  killHard,
  spawnSupportScript,
  spawnUnreapedSupportScript,
  waitForLine,
} from '../test-support/child-process.ts';
import { makeTempDataDir } from '../test-support/temp-data-dir.ts';
import { openStore } from '../write/store.ts';
import { dayFilePath, writerLockPath } from './data-dir-layout.ts';
import { isProcessAlive } from './process-liveness.ts';

let dataDir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dataDir, remove } = await makeTempDataDir());
});
afterEach(async () => remove());

async function writeForeignLock(record: object, ageMs: number): Promise<void> {
  const path = writerLockPath(dataDir);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(record));
  const seconds = (Date.now() - ageMs) / 1000;
  await utimes(path, seconds, seconds);
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

// The state letter of /proc/<pid>/stat (after the command name in parentheses), once it is `want`.
async function waitForProcessState(pid: number, want: string): Promise<string> {
  for (;;) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 1).trim()[0] ?? '';
    if (state === want) return state;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('writer lock', () => {
  it('refuses a second writer in another process, naming it, and takes over after SIGKILL', async () => {
    const child = spawnSupportScript('./hold-lock.ts', [dataDir]);
    try {
      const line = await waitForLine(child, /^locked \d+$/);
      expect(line).toBe(`locked ${child.pid}`);
      const error = await openStore({ dataDir }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(StoreLockedError);
      const locked = error as StoreLockedError;
      expect(locked.holder).toMatchObject({ pid: child.pid, host: hostname() });
      expect(locked.message).toMatch(
        new RegExp(
          `^data directory ${dataDir} is locked by pid ${child.pid} on host ${hostname()} since \\d{4}-\\d\\d-\\d\\dT.*Z; ` +
            'stop that process or remove the stale lock .*writer\\.lock$',
        ),
      );
      await expect(repairFile(dayFilePath(dataDir, 'BTCUSDT', '1m', '2026-11-24'))).rejects.toThrow(
        StoreLockedError,
      );
    } finally {
      await killHard(child);
    }
    const events: StoreEvent[] = [];
    const store = await openStore({ dataDir, onEvent: (event) => events.push(event) });
    expect(events).toEqual([
      {
        type: 'stale-lock-removed',
        lockPath: writerLockPath(dataDir),
        holder: expect.objectContaining({ pid: child.pid }),
      },
    ]);
    expect(JSON.parse(await readFile(writerLockPath(dataDir), 'utf8'))).toMatchObject({ pid: process.pid });
    await store.close();
  });

  it.runIf(process.platform === 'linux')(
    'takes over the lock of a writer that was killed but not yet reaped (a zombie)',
    async () => {
      const parent = spawnUnreapedSupportScript('./hold-lock.ts', [dataDir]);
      const exited = once(parent, 'exit');
      let pid: number | undefined;
      try {
        pid = Number((await waitForLine(parent, /^locked \d+$/)).split(' ')[1]);
        expect(pid).not.toBe(parent.pid);
        process.kill(pid, 'SIGKILL');
        expect(await waitForProcessState(pid, 'Z')).toBe('Z');
        // Signals still reach a zombie, so kill(pid, 0) alone would call it alive.
        expect(() => process.kill(pid as number, 0)).not.toThrow();
        expect(await isProcessAlive(pid)).toBe(false);
        const events: StoreEvent[] = [];
        const store = await openStore({ dataDir, onEvent: (event) => events.push(event) });
        expect(events).toEqual([
          {
            type: 'stale-lock-removed',
            lockPath: writerLockPath(dataDir),
            holder: expect.objectContaining({ pid }),
          },
        ]);
        await store.close();
      } finally {
        if (pid !== undefined) killQuietly(pid);
        parent.stdin?.end();
        await exited;
      }
    },
    20_000,
  );

  it('counts this process as alive and an unused pid as dead', async () => {
    expect(await isProcessAlive(process.pid)).toBe(true);
    const child = spawnSupportScript('./hold-lock.ts', [dataDir]);
    await waitForLine(child, /^locked \d+$/);
    await killHard(child);
    expect(await isProcessAlive(child.pid as number)).toBe(false);
  });

  it('refuses a second writer in the same process until the first closes', async () => {
    const first = await openStore({ dataDir, now: () => 1_000 });
    await expect(openStore({ dataDir })).rejects.toThrow(StoreLockedError);
    expect(first.holder).toEqual({ pid: process.pid, host: hostname(), sinceMs: 1_000 });
    await first.close();
    await expect(first.merge('BTCUSDT', '5m', [])).rejects.toThrow(/closed/);
    const second = await openStore({ dataDir, clock: { now: () => 2_000 } });
    expect(second.holder.sinceMs).toBe(2_000);
    await second.close();
  });

  it('treats a lock of another host as live until its heartbeat is older than lockStaleAfterMs', async () => {
    const record = { pid: 4242, host: 'elsewhere', sinceMs: 5, token: 'abc' };
    await writeForeignLock(record, 10_000);
    await expect(openStore({ dataDir, lockStaleAfterMs: 60_000 })).rejects.toThrow(
      /locked by pid 4242 on host elsewhere since 1970-01-01T00:00:00\.005Z/,
    );
    await writeForeignLock(record, 120_000);
    const store = await openStore({ dataDir, lockStaleAfterMs: 60_000 });
    await store.close();
  });

  it('takes over a lock that carries its own pid but was left by an earlier process (container restart)', async () => {
    await writeForeignLock({ pid: process.pid, host: hostname(), sinceMs: 1, token: 'earlier' }, 0);
    const store = await openStore({ dataDir });
    await store.close();
  });

  it.each([
    ['of another shape', { nonsense: true }],
    ['with a pid that is not a number', { pid: '1', host: hostname(), sinceMs: 1, token: 'x' }],
  ])('takes over a lock file %s', async (_label, record) => {
    await writeForeignLock(record, 0);
    const store = await openStore({ dataDir });
    await store.close();
  });

  it('takes over a lock file that is not JSON', async () => {
    const path = writerLockPath(dataDir);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, '{"pid": 12');
    const store = await openStore({ dataDir });
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ pid: process.pid });
    await store.close();
  });
});
