import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, stat, symlink } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { hashTree, runOi } from '@oi/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOneErrorLine } from './test-support/error-line.ts';
import { createWorkDir, oneMinuteDayFile, type WorkDir } from './test-support/work-dir.ts';

// `oi export --out` never replaces what it must not. The export is written under a temporary name
// and renamed over the target, so the target must be a regular file or a new path: a rename over a
// device node, FIFO or socket would swap a system file for a regular one, over a day file it would
// destroy stored data. Each refusal is exit 2 and one line, before anything is read; the data
// directory and the target are exactly as they were.

const FIRST_SLOT_MS = Date.UTC(2026, 0, 15);
const DAY_FILE = 'data/open_interest/BTCUSDT/1m/BTCUSDT-oi-2026-01-15.csv';
const isRoot = process.getuid?.() === 0;

let work: WorkDir;
let socketServer: Server;

/** What a target is, without opening it (a FIFO would block): its type, identity and, for files, content. */
async function fingerprint(path: string): Promise<string> {
  const entry = await lstat(path).catch(() => undefined);
  if (entry === undefined) return 'missing';
  const identity = `${entry.mode}:${entry.ino}:${entry.rdev}:${entry.size}:${entry.mtimeMs}`;
  if (entry.isFile())
    return `${identity}:${createHash('sha256')
      .update(await readFile(path))
      .digest('hex')}`;
  if (entry.isDirectory()) return `${identity}:${await hashTree(path)}`;
  return identity;
}

beforeAll(async () => {
  work = await createWorkDir('oi-bad-output-');
  await work.write(DAY_FILE, oneMinuteDayFile(FIRST_SLOT_MS, 1440));
  await work.write('earlier.csv', 'the earlier export\n');
  await mkdir(join(work.path, 'a-folder'));
  execFileSync('mkfifo', [join(work.path, 'a-fifo')]);
  socketServer = createServer();
  await new Promise<void>((resolve) => socketServer.listen(join(work.path, 'a-socket'), resolve));
  // Device nodes of this machine's own kind (null and loop0), made here rather than touching /dev.
  if (isRoot) {
    execFileSync('mknod', [join(work.path, 'a-char-device'), 'c', '1', '3']);
    execFileSync('mknod', [join(work.path, 'a-block-device'), 'b', '7', '0']);
  }
  const link = (target: string, name: string) => symlink(join(work.path, target), join(work.path, name));
  await link(isRoot ? 'a-char-device' : '/dev/null', 'link-to-device');
  await link('a-fifo', 'link-to-fifo');
  await link('a-socket', 'link-to-socket');
  await link('a-folder', 'link-to-folder');
  await link('nothing-here', 'link-to-nothing');
  await link('earlier.csv', 'link-to-earlier');
  await link(DAY_FILE, 'link-to-day-file');
});
afterAll(async () => {
  await new Promise<void>((resolve) => socketServer.close(() => resolve()));
  await work.remove();
});

type Refusal = readonly [name: string, target: string, message: RegExp];

// mknod needs root; without it the link to a device below points at /dev/null.
const deviceRefusals: readonly Refusal[] = [
  ['a character device (mknod)', 'a-char-device', /found a character device at /],
  ['a block device (mknod)', 'a-block-device', /found a block device at /],
];

const refusals: readonly Refusal[] = [
  ['a FIFO', 'a-fifo', /found a FIFO at /],
  ['a socket', 'a-socket', /found a socket at /],
  ['a directory', 'a-folder', /found a directory at /],
  ['the data directory', 'data', /found a directory at /],
  ['a link to a device', 'link-to-device', /found a symbolic link to a character device at /],
  ['a link to a FIFO', 'link-to-fifo', /found a symbolic link to a FIFO at /],
  ['a link to a socket', 'link-to-socket', /found a symbolic link to a socket at /],
  ['a link to a directory', 'link-to-folder', /found a symbolic link to a directory at /],
  ['a link to nothing', 'link-to-nothing', /found a symbolic link to nothing at /],
  [
    'a stored day file',
    DAY_FILE,
    /expected a path outside the data directory .*, found .*BTCUSDT-oi-2026-01-15\.csv$/m,
  ],
  ['a link to a stored day file', 'link-to-day-file', /expected a path outside the data directory/],
  ['a new file inside the data directory', 'data/open_interest/export.csv', /outside the data directory/],
];

async function expectRefused(target: string, message: RegExp, format: readonly string[] = []): Promise<void> {
  const path = join(work.path, target);
  const [data, before] = [await hashTree(join(work.path, 'data')), await fingerprint(path)];
  const run = await runOi(['export', '--data-dir', 'data', '--series', '1m', ...format, '--out', target], {
    cwd: work.path,
    timeoutMs: 45_000,
  });
  expectOneErrorLine(run, 2, /^oi: error: invalid --out: /);
  expect(run.stderr).toMatch(message);
  expect(run.stdout).toBe('');
  expect(await fingerprint(path)).toBe(before);
  expect(await hashTree(join(work.path, 'data'))).toBe(data);
  expect((await readdir(work.path)).filter((entry) => entry.includes('partial'))).toEqual([]);
}

describe('export --out never replaces what it must not', () => {
  it.runIf(isRoot).each(deviceRefusals)(
    '%s: exit 2, one line, nothing renamed over it',
    (_name, target, message) => expectRefused(target, message),
  );

  it.each(refusals)('%s: exit 2, one line, nothing renamed over it', (_name, target, message) =>
    expectRefused(target, message),
  );

  it.each([
    ['a FIFO', 'a-fifo', /found a FIFO at /, ['--format', 'parquet']],
    [
      'a link to a device',
      'link-to-device',
      /found a symbolic link to a character device/,
      ['--format', 'parquet'],
    ],
    ['a stored day file', DAY_FILE, /outside the data directory/, ['--format', 'parquet']],
    [
      'a dataset folder inside the data directory',
      'data/dataset',
      /outside the data directory/,
      ['--format', 'parquet', '--partition-by', 'day'],
    ],
    [
      'a dataset folder that is a FIFO',
      'a-fifo',
      /expected a folder or a new path, found a FIFO/,
      ['--format', 'parquet', '--partition-by', 'symbol'],
    ],
  ] as const)('parquet, %s: the same refusal', (_name, target, message, format) =>
    expectRefused(target, message, format),
  );

  it('an existing regular file is replaced whole (a new file renamed over it)', async () => {
    const path = join(work.path, 'earlier.csv');
    const before = await stat(path);
    const run = await runOi(['export', '--data-dir', 'data', '--series', '1m', '--out', 'earlier.csv'], {
      cwd: work.path,
    });
    expect(run.code, run.stderr).toBe(0);
    const text = await readFile(path, 'utf8');
    expect(text.split('\n')).toHaveLength(1442);
    expect((await stat(path)).ino).not.toBe(before.ino);
  });

  it('a link to a regular file outside: the file is replaced, the link kept', async () => {
    const run = await runOi(['export', '--data-dir', 'data', '--series', '1m', '--out', 'link-to-earlier'], {
      cwd: work.path,
    });
    expect(run.code, run.stderr).toBe(0);
    expect((await lstat(join(work.path, 'link-to-earlier'))).isSymbolicLink()).toBe(true);
    expect((await readFile(join(work.path, 'earlier.csv'), 'utf8')).startsWith('symbol,timestamp')).toBe(
      true,
    );
  });

  it('--out - and no --out write to stdout', async () => {
    for (const args of [['--out', '-'], []]) {
      const run = await runOi(['export', '--data-dir', 'data', '--series', '1m', ...args], {
        cwd: work.path,
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout.split('\n')).toHaveLength(1442);
    }
    expect(await readdir(work.path)).not.toContain('-');
  });
});
