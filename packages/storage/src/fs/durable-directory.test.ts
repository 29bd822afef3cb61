import { existsSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CannotCreateDirectoryError } from '../model/errors.ts';
import { makeTempDataDir } from '../test-support/temp-data-dir.ts';
import { checkDataDirWritable } from './check-data-dir-writable.ts';
import { ensureDirectory } from './durable-directory.ts';

let dataDir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dataDir, remove } = await makeTempDataDir());
});
afterEach(async () => remove());

// The vitest timeout is the hang detector: Node's recursive mkdir never settles for these paths.
describe('ensureDirectory', () => {
  it('creates every missing level and accepts an existing directory', async () => {
    const deep = join(dataDir, 'a', 'b', 'c');
    await ensureDirectory(deep);
    expect((await stat(deep)).isDirectory()).toBe(true);
    await ensureDirectory(deep);
    await ensureDirectory(`${join(dataDir, 'a')}/`);
  });

  it('lets concurrent callers create the same levels', async () => {
    const deep = join(dataDir, 'x', 'y', 'z');
    await Promise.all(Array.from({ length: 8 }, () => ensureDirectory(deep)));
    expect((await stat(deep)).isDirectory()).toBe(true);
  });

  it('names the file that stands where a directory should be', async () => {
    await writeFile(join(dataDir, 'a-file'), '');
    const error = await ensureDirectory(join(dataDir, 'a-file', 'x', 'y')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CannotCreateDirectoryError);
    expect(error).toMatchObject({
      code: 'CANNOT_CREATE_DIRECTORY',
      failedPath: join(dataDir, 'a-file'),
      systemCode: 'ENOTDIR',
    });
  });

  it.runIf(process.platform === 'linux')(
    'ends with an error below /proc, where the system refuses a level that cannot exist',
    async () => {
      const error = await ensureDirectory('/proc/oi-test-no-such/dir').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(CannotCreateDirectoryError);
      expect(error).toMatchObject({ failedPath: '/proc/oi-test-no-such', systemCode: 'ENOENT' });
      expect((error as Error).message).toBe(
        'cannot create directory /proc/oi-test-no-such/dir: mkdir /proc/oi-test-no-such failed (ENOENT)',
      );
    },
    10_000,
  );
});

describe('checkDataDirWritable', () => {
  it('creates a missing data directory and leaves no probe behind', async () => {
    const target = join(dataDir, 'new', 'data');
    expect(await checkDataDirWritable(target)).toEqual({ ok: true });
    expect((await stat(target)).isDirectory()).toBe(true);
    await mkdir(join(target, 'kept'));
    expect(await checkDataDirWritable(target)).toEqual({ ok: true });
  });

  it('reports a data directory that is a file', async () => {
    const target = join(dataDir, 'a-file');
    await writeFile(target, '');
    expect(await checkDataDirWritable(target)).toEqual({
      ok: false,
      problem: `data directory ${target} is not writable: expected a directory, found a file`,
    });
  });

  it('reports a data directory below a file, naming the file', async () => {
    await writeFile(join(dataDir, 'a-file'), '');
    const target = join(dataDir, 'a-file', 'data');
    expect(await checkDataDirWritable(target)).toEqual({
      ok: false,
      problem: `data directory ${target} is not writable: ${join(dataDir, 'a-file')} is not a directory`,
    });
  });

  it.runIf(process.platform === 'linux')(
    'reports a data directory the system refuses to create',
    async () => {
      expect(await checkDataDirWritable('/proc/oi-test-no-such/data')).toEqual({
        ok: false,
        problem:
          'data directory /proc/oi-test-no-such/data is not writable: mkdir /proc/oi-test-no-such failed (ENOENT)',
      });
    },
    10_000,
  );

  // sysfs refuses new files even to root, unlike a directory without write permission.
  it.runIf(existsSync('/sys/kernel'))('reports a directory that refuses new files', async () => {
    const result = await checkDataDirWritable('/sys/kernel');
    expect(result.ok ? '' : result.problem).toMatch(
      /^data directory \/sys\/kernel is not writable: E[A-Z]+$/,
    );
  });
});
