import { execFileSync } from 'node:child_process';
import { lstat, mkdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dayFilePath } from '@oi/storage';
import { hashTree, runOi } from '@oi/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { dayKey, useTemporaryDirectory, yesterdayStartMs } from '../../test-support/e2e.ts';
import { seedFiveMinuteRows } from '../../test-support/seed-five-minute-rows.ts';

// `oi report --out` follows the rules every command that writes a file shares (src/cli/output-target.ts),
// run as a user runs it: what must not be replaced is refused with exit 2 and one line, and stays
// exactly what it was.

const root = useTemporaryDirectory('oi-report-out-');
const at = (name: string): string => join(root.path, name);
const storedDayFile = (): string => dayFilePath(at('data'), 'BTCUSDT', '5m', dayKey(yesterdayStartMs()));
const dataDirHash = () => hashTree(at('data'));

beforeAll(async () => {
  await seedFiveMinuteRows(at('data'), ['BTCUSDT'], yesterdayStartMs(), 12);
  execFileSync('mkfifo', [at('fifo')]);
  await mkdir(at('folder'));
  await writeFile(at('old.html'), 'the earlier report');
  await symlink(at('old.html'), at('link-to-file'));
  await symlink('/dev/null', at('link-to-device'));
  await symlink(at('folder'), at('link-to-folder'));
});

const report = (out: string) =>
  runOi(['report', '--data-dir', 'data', '--series', '5m', '--out', out], { cwd: root.path });

describe('oi report --out', () => {
  it.each([
    ['a FIFO', 'fifo', /found a FIFO at .*\/fifo$/],
    ['a link to a device', 'link-to-device', /found a symbolic link to a character device at /],
    ['a link to a directory', 'link-to-folder', /found a symbolic link to a directory at /],
    ['a stored day file', 'STORED', /expected a path outside the data directory .*\/data, found .*\.csv$/],
    ['a new file in a series folder', 'data/open_interest/BTCUSDT/5m/r.html', /outside the data directory/],
  ])('refuses %s with exit 2, one line, and replaces nothing', async (_name, given, message) => {
    const out = given === 'STORED' ? storedDayFile() : given;
    const data = await dataDirHash();
    const stored = await readFile(storedDayFile(), 'utf8');
    const run = await report(out);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^oi: error: invalid --out: /);
    expect(lines[0]).toMatch(message);
    expect(await dataDirHash()).toBe(data);
    expect(await readFile(storedDayFile(), 'utf8')).toBe(stored);
    expect((await lstat(at('fifo'))).isFIFO()).toBe(true);
    expect(await readlink(at('link-to-device'))).toBe('/dev/null');
    expect((await lstat(at('link-to-folder'))).isSymbolicLink()).toBe(true);
  });

  it('replaces the regular file a link names, and keeps the link', async () => {
    const run = await report('link-to-file');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`written to ${at('old.html')} `);
    expect((await lstat(at('link-to-file'))).isSymbolicLink()).toBe(true);
    expect(await readFile(at('old.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });
});
