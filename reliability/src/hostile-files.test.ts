import { execFileSync } from 'node:child_process';
import { chmod, chown, mkdir, readdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { type Simulator, startSimulator } from '@oi/binance-sim';
import { openStore, validateFiles } from '@oi/storage';
import { hashTree, type OiRun, runOi } from '@oi/test-support';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectOneErrorLine, isStateFile } from './test-support/error-line.ts';
import { createWorkDir, type WorkDir } from './test-support/work-dir.ts';

// What a hostile file system does to `oi`, run as a user would (child processes, real files): links
// that lead out of the data directory, files of other tools where day files should be, folders the
// system will not write, a disk that fills up. Each case checks the exit code, one clear line, and
// that nothing changed that should not have.

const DAY_MS = 86_400_000;
const FIVE_MINUTES_MS = 300_000;
const yesterdayMs = Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS;
const dayKey = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const YESTERDAY = dayKey(yesterdayMs);
const THREE_DAYS_AGO = dayKey(yesterdayMs - 2 * DAY_MS);
const isRoot = process.getuid?.() === 0;
const NOBODY = { uid: 65534, gid: 65534 };

let sim: Simulator;
let work: WorkDir;

beforeAll(async () => {
  sim = await startSimulator({ seed: 11 });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  work = await createWorkDir('oi-hostile-');
});
afterEach(async () => {
  await work.remove();
});

const exchange = (): string[] => ['--fapi-url', sim.url, '--archive-url', sim.url];
const oi = (
  args: readonly string[],
  options: { user?: typeof NOBODY; env?: Record<string, string> } = {},
): Promise<OiRun> => runOi(args, { cwd: work.path, timeoutMs: 90_000, ...options });
const backfillArgs = (from: string, symbols = 'BTCUSDT'): string[] => [
  'backfill',
  '-S',
  symbols,
  '--from',
  from,
  '--to',
  YESTERDAY,
  '--data-dir',
  'data',
  ...exchange(),
];

/** A valid 5m day file of `rows` slots from the start of `dayMs`, in the store's format. */
function fiveMinuteDayFile(dayMs: number, rows: number): string {
  const lines = ['timestamp,datetime_utc,openInterest,sumOpenInterestValue,CMCCirculatingSupply,source'];
  for (let index = 0; index < rows; index++) {
    const slotMs = dayMs + index * FIVE_MINUTES_MS;
    lines.push(
      `${slotMs},${new Date(slotMs).toISOString()},${1000 + index}.12500000,${2000 + index}.25000000,,api`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function storedDayFiles(symbol: string): Promise<string[]> {
  return (await readdir(join(work.path, 'data/open_interest', symbol, '5m'))).sort();
}

describe('symbolic links never lead outside the data directory', () => {
  const dayFileName = `BTCUSDT-oi-5m-${YESTERDAY}.csv`;
  // Each layout puts a link where oi expects a folder or a day file; the link leads to `outside/`,
  // which holds a valid day file that a writer going through the link would replace.
  const layouts: readonly (readonly [string, () => Promise<string>])[] = [
    [
      'symbol folder',
      async () => {
        await work.write(`outside/5m/${dayFileName}`, fiveMinuteDayFile(yesterdayMs, 12));
        await mkdir(join(work.path, 'data/open_interest'), { recursive: true });
        const link = join(work.path, 'data/open_interest/BTCUSDT');
        await symlink(join(work.path, 'outside'), link);
        return link;
      },
    ],
    [
      'series folder',
      async () => {
        await work.write(`outside/${dayFileName}`, fiveMinuteDayFile(yesterdayMs, 12));
        await mkdir(join(work.path, 'data/open_interest/BTCUSDT'), { recursive: true });
        const link = join(work.path, 'data/open_interest/BTCUSDT/5m');
        await symlink(join(work.path, 'outside'), link);
        return link;
      },
    ],
    [
      'day file',
      async () => {
        await work.write('outside/target.csv', fiveMinuteDayFile(yesterdayMs, 12));
        await mkdir(join(work.path, 'data/open_interest/BTCUSDT/5m'), { recursive: true });
        const link = join(work.path, `data/open_interest/BTCUSDT/5m/${dayFileName}`);
        await symlink(join(work.path, 'outside/target.csv'), link);
        return link;
      },
    ],
  ];
  const commands: readonly (readonly [string, () => string[], boolean])[] = [
    ['backfill', () => backfillArgs(YESTERDAY), true],
    ['stats', () => ['stats', '--data-dir', 'data'], false],
    ['export', () => ['export', '--data-dir', 'data', '--out', 'export.csv'], false],
    ['gaps', () => ['gaps', '-S', 'BTCUSDT', '--series', '5m', '--data-dir', 'data'], false],
    ['cleanup', () => ['cleanup', '--days', '0', '--data-dir', 'data'], true],
  ];
  const cases = layouts.flatMap(([layout, make]) =>
    commands.map(([command, args, writes]) => [layout, command, make, args, writes] as const),
  );

  it.each(cases)(
    'a linked %s is refused by oi %s: exit 1, one line, nothing written through it',
    async (_layout, _command, make, args, writes) => {
      const link = await make();
      const outside = await hashTree(join(work.path, 'outside'));
      // A writer takes the lock and records its task under state/ before it meets the link.
      const data = await hashTree(join(work.path, 'data'), writes ? isStateFile : undefined);
      const run = await oi(args());
      expectOneErrorLine(run, 1, new RegExp(`^oi: error: refusing ${link}: a symbolic link`));
      expect(await hashTree(join(work.path, 'outside'))).toBe(outside);
      expect(await hashTree(join(work.path, 'data'), writes ? isStateFile : undefined)).toBe(data);
      expect(await readdir(work.path)).not.toContain('export.csv');
    },
  );
});

describe('a foreign file where a day file should be', () => {
  const foreign = Uint8Array.from({ length: 700 }, (_, index) => (index * 97 + 13) % 256);

  it('is named by stats, export and gaps, then set aside by backfill and its day stored afresh', async () => {
    const path = await work.write(`data/open_interest/BTCUSDT/5m/BTCUSDT-oi-5m-${YESTERDAY}.csv`, foreign);
    const dayFiles = await hashTree(join(work.path, 'data/open_interest'));

    const stats = await oi(['stats', '--data-dir', 'data', '--json']);
    expect(stats.code, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ ok: true, quarantine: { unreadable: [path] } });
    const exported = await oi(['export', '--data-dir', 'data', '--out', 'all.csv', '--json']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ ok: true, quarantine: { unreadable: [path] } });
    expect(exported.stderr).toContain(`warn  skipped ${path}`);
    const gaps = await oi(['gaps', '-S', 'BTCUSDT', '--data-dir', 'data', '--json']);
    expect(gaps.code, gaps.stderr).toBe(0);
    expect(JSON.parse(gaps.stdout)).toMatchObject({ ok: true, quarantine: { unreadable: [path] } });
    // Readers named the file and changed no day file.
    expect(await hashTree(join(work.path, 'data/open_interest'))).toBe(dayFiles);

    const backfill = await oi(backfillArgs(YESTERDAY));
    expect(backfill.code, backfill.stderr).toBe(0);
    expect(backfill.stderr).toContain(`warn  set aside ${path}`);
    expect(await readFile(`${path}.quarantine`)).toEqual(Buffer.concat([foreign, Buffer.from('\n')]));
    const report = await validateFiles(join(work.path, 'data'));
    expect(report.issues).toEqual([]);
    expect(report.rows).toBe(288);
    const after = await oi(['stats', '--data-dir', 'data', '--json']);
    expect(JSON.parse(after.stdout)).toMatchObject({
      quarantine: { unreadable: [], quarantined: [`${path}.quarantine`] },
    });
  }, 240_000);
});

describe('disk errors are named: exit 1, the path and the error, the rows before intact', () => {
  it('a read-only symbol folder (EROFS)', async (context) => {
    if (!isRoot) context.skip('a read-only bind mount needs root');
    const first = await oi(backfillArgs(YESTERDAY));
    expect(first.code, first.stderr).toBe(0);
    const symbolDir = join(work.path, 'data/open_interest/BTCUSDT');
    const stored = await hashTree(symbolDir);
    execFileSync('mount', ['--bind', symbolDir, symbolDir]);
    try {
      execFileSync('mount', ['-o', 'remount,ro,bind', symbolDir]);
      const run = await oi(backfillArgs(THREE_DAYS_AGO));
      expectOneErrorLine(
        run,
        1,
        /^oi: error: cannot write .*\/BTCUSDT\/5m\/BTCUSDT-oi-5m-[\d-]+\.csv: EROFS/,
      );
      expect(run.stderr).not.toMatch(/failed: unknown/);
    } finally {
      execFileSync('umount', [symbolDir]);
    }
    expect(await hashTree(symbolDir)).toBe(stored);
  }, 240_000);

  it('a folder the user may not write (EACCES)', async (context) => {
    if (!isRoot) context.skip('running oi as another user needs root');
    const first = await oi(backfillArgs(YESTERDAY));
    expect(first.code, first.stderr).toBe(0);
    // The rate-budget ledger of the run must be a folder that user may write.
    const budget = join(work.path, 'budget');
    await mkdir(budget);
    await chownTree(work.path, NOBODY);
    const seriesDir = join(work.path, 'data/open_interest/BTCUSDT/5m');
    await chmod(seriesDir, 0o555);
    const stored = await hashTree(seriesDir);
    const run = await oi(backfillArgs(THREE_DAYS_AGO), { user: NOBODY, env: { OI_BUDGET_DIR: budget } });
    expectOneErrorLine(run, 1, /^oi: error: cannot write .*\/BTCUSDT\/5m\/BTCUSDT-oi-5m-[\d-]+\.csv: EACCES/);
    expect(await hashTree(seriesDir)).toBe(stored);
  }, 240_000);

  it('a disk that fills up mid-run (ENOSPC): every file stored before is whole', async (context) => {
    if (!isRoot) context.skip('mounting a small tmpfs needs root');
    const dataDir = join(work.path, 'data');
    await mkdir(dataDir);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=96k', 'tmpfs', dataDir]);
    try {
      const run = await oi(backfillArgs(THREE_DAYS_AGO, 'BTCUSDT,ETHUSDT'));
      expectOneErrorLine(run, 1, /^oi: error: cannot write .*: ENOSPC \(no space left on device\)$/);
      const report = await validateFiles(dataDir);
      expect(report.issues).toEqual([]);
      expect(report.rows).toBeGreaterThan(0);
      expect((await storedDayFiles('BTCUSDT')).every((name) => !name.includes('.tmp-'))).toBe(true);
    } finally {
      execFileSync('umount', [dataDir]);
    }
  }, 240_000);

  it('a disk that fails its writes (EIO): every file stored before is whole', async (context) => {
    if (!isRoot) context.skip('a loop device needs root');
    // An ext4 file system on a loop device whose backing file is then made immutable: the kernel's
    // writes to it fail, so the data directory's next fsync answers EIO, as a dying disk does.
    const image = join(work.path, 'disk.img');
    const dataDir = join(work.path, 'data');
    await mkdir(dataDir);
    execFileSync('truncate', ['-s', '32M', image]);
    let device: string;
    try {
      device = execFileSync('losetup', ['--find', '--show', image], { encoding: 'utf8' }).trim();
    } catch {
      return context.skip('no loop device can be set up here');
    }
    let immutable = false;
    try {
      execFileSync('mkfs.ext4', ['-q', device], { stdio: 'ignore' });
      execFileSync('mount', [device, dataDir]);
      try {
        const first = await oi(backfillArgs(YESTERDAY));
        expect(first.code, first.stderr).toBe(0);
        const stored = await hashTree(join(dataDir, 'open_interest'));
        execFileSync('sync');
        try {
          execFileSync('chattr', ['+i', image], { stdio: 'ignore' });
          immutable = true;
        } catch {
          return context.skip('the file system under the work folder cannot make a file immutable');
        }
        const run = await oi(backfillArgs(THREE_DAYS_AGO));
        expectOneErrorLine(run, 1, /^oi: error: cannot write .*: EIO \(input\/output error\)$/);
        expect(run.stderr).not.toMatch(/failed: unknown/);
        // What the first run stored is still there, whole, and nothing was half-renamed over it.
        expect(await hashTree(join(dataDir, 'open_interest'), (path) => path.includes('.tmp-'))).toBe(stored);
      } finally {
        if (immutable) execFileSync('chattr', ['-i', image]);
        execFileSync('umount', [dataDir]);
      }
    } finally {
      execFileSync('losetup', ['--detach', device]);
    }
  }, 240_000);
});

describe('every writer honours the writer lock', () => {
  it('cleanup is refused while a collector holds the data directory', async () => {
    await work.write(
      `data/open_interest/BTCUSDT/5m/BTCUSDT-oi-5m-2020-01-01.csv`,
      fiveMinuteDayFile(Date.UTC(2020, 0, 1), 3),
    );
    const collector = await openStore({ dataDir: join(work.path, 'data') });
    try {
      const before = await hashTree(join(work.path, 'data'));
      const run = await oi(['cleanup', '--days', '1', '--data-dir', 'data']);
      expectOneErrorLine(run, 1, /^oi: error: data directory .* is locked by pid \d+/);
      expect(await hashTree(join(work.path, 'data'))).toBe(before);
    } finally {
      await collector.close();
    }
    const after = await oi(['cleanup', '--days', '1', '--data-dir', 'data', '--json']);
    expect(JSON.parse(after.stdout)).toMatchObject({ ok: true, files: [expect.anything()] });
  }, 120_000);
});

async function chownTree(path: string, user: typeof NOBODY): Promise<void> {
  await chown(path, user.uid, user.gid);
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) await chownTree(child, user);
    else await chown(child, user.uid, user.gid);
  }
}
