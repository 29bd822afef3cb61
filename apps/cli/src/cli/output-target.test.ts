import { execFileSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTemporaryDirectory } from '../test-support/e2e.ts';
import { checkOutputTarget } from './output-target.ts';

// What `--out` may name. Every refusal is a UsageError (exit 2) that says what was found.

const root = useTemporaryDirectory('oi-out-');
const at = (name: string): string => join(root.path, name);

beforeAll(async () => {
  await mkdir(at('data/open_interest/BTCUSDT/5m'), { recursive: true });
  await writeFile(at('data/open_interest/BTCUSDT/5m/BTCUSDT-oi-5m-2026-01-01.csv'), 'stored\n');
  await writeFile(at('old.csv'), 'old\n');
  await mkdir(at('folder'));
  execFileSync('mkfifo', [at('fifo')]);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(at('socket'), resolve));
  server.unref();
  await symlink(at('old.csv'), at('link-to-file'));
  await symlink('/dev/null', at('link-to-device'));
  await symlink(at('folder'), at('link-to-folder'));
  await symlink(at('missing'), at('link-to-nothing'));
  await symlink(at('data/open_interest/BTCUSDT/5m'), at('into-data'));
  await symlink(at('data'), at('data-link'));
});

describe('checkOutputTarget', () => {
  it.each([
    ['a new path', 'new.csv', 'new.csv'],
    ['an existing regular file', 'old.csv', 'old.csv'],
    ['a link to a regular file: the file it names', 'link-to-file', 'old.csv'],
  ])('accepts %s', async (_name, given, expected) => {
    expect(await checkOutputTarget(at(given), { dataDir: at('data') })).toBe(at(expected));
  });

  it.each([
    ['a directory', 'folder', /found a directory at /],
    ['a FIFO', 'fifo', /found a FIFO at /],
    ['a socket', 'socket', /found a socket at /],
    ['a character device', '/dev/null', /found a character device at \/dev\/null$/],
    ['a link to a device', 'link-to-device', /found a symbolic link to a character device at /],
    ['a link to a directory', 'link-to-folder', /found a symbolic link to a directory at /],
    ['a link to nothing', 'link-to-nothing', /found a symbolic link to nothing at /],
    ['a stored day file', 'data/open_interest/BTCUSDT/5m/BTCUSDT-oi-5m-2026-01-01.csv', /outside the data/],
    ['a new file in the data directory', 'data/export.csv', /expected a path outside the data directory/],
    ['a new file in a linked folder of the data directory', 'into-data/x.csv', /outside the data directory/],
    ['the data directory through a link to it', 'data-link/x.csv', /outside the data directory/],
  ])('refuses %s (exit 2)', async (_name, given, message) => {
    const path = given.startsWith('/') ? given : at(given);
    const refusal = checkOutputTarget(path, { dataDir: at('data') });
    await expect(refusal).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringMatching(/^invalid --out: /),
    });
    await expect(refusal).rejects.toThrow(message);
  });

  it('with folder (a partitioned dataset): accepts a folder or a new path, refuses a file and the rest', async () => {
    const folder = { dataDir: at('data'), folder: true };
    expect(await checkOutputTarget(at('folder'), folder)).toBe(at('folder'));
    expect(await checkOutputTarget(at('link-to-folder'), folder)).toBe(at('folder'));
    expect(await checkOutputTarget(at('new-dataset'), folder)).toBe(at('new-dataset'));
    await expect(checkOutputTarget(at('old.csv'), folder)).rejects.toThrow(
      /expected a folder or a new path, found a regular file at /,
    );
    await expect(checkOutputTarget(at('fifo'), folder)).rejects.toThrow(/found a FIFO at /);
    await expect(checkOutputTarget(at('data/dataset'), folder)).rejects.toThrow(/outside the data directory/);
  });
});
