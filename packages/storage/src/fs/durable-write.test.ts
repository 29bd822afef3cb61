import { appendFile, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiskWriteError } from '../model/errors.ts';
import { makeTempDataDir } from '../test-support/temp-data-dir.ts';
import { appendLinesDurably, writeCacheFile, writeFileDurably } from './durable-write.ts';

let dataDir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dataDir, remove } = await makeTempDataDir());
});
afterEach(async () => remove());

describe('writeFileDurably', () => {
  it('creates missing folders, replaces the file whole and leaves no temp file', async () => {
    const path = join(dataDir, 'state', 'deep', 'file.json');
    const first = await writeFileDurably(path, '{"a":1}\n');
    expect(first.size).toBe(8);
    expect(first.ino).toBe((await stat(path)).ino);
    await writeFileDurably(path, '{"a":2}\n');
    expect(await readFile(path, 'utf8')).toBe('{"a":2}\n');
    expect(await readdir(join(dataDir, 'state', 'deep'))).toEqual(['file.json']);
  });

  it('rejects with the path when the target is a directory, and removes its temp file', async () => {
    const path = join(dataDir, 'taken');
    await mkdir(path);
    await expect(writeFileDurably(path, 'x')).rejects.toMatchObject({
      code: 'DISK_WRITE_FAILED',
      path,
      systemCode: 'EISDIR',
    });
    expect(await readdir(dataDir)).toEqual(['taken']);
  });

  it.runIf(process.platform === 'linux')(
    'rejects, never hangs, when its folder cannot be created',
    async () => {
      await expect(writeFileDurably('/proc/oi-test-no-such/x.json', 'x')).rejects.toMatchObject({
        code: 'DISK_WRITE_FAILED',
        path: '/proc/oi-test-no-such',
      });
      await expect(writeFileDurably('/proc/oi-test-no-such/x.json', 'x')).rejects.toBeInstanceOf(
        DiskWriteError,
      );
    },
  );
});

describe('writeCacheFile', () => {
  it('replaces the file whole', async () => {
    const path = join(dataDir, 'cache', 'c.json');
    await writeCacheFile(path, 'one');
    await writeCacheFile(path, 'two');
    expect(await readFile(path, 'utf8')).toBe('two');
    expect(await readdir(join(dataDir, 'cache'))).toEqual(['c.json']);
  });
});

describe('appendLinesDurably', () => {
  const path = (): string => join(dataDir, 'logs', 'lines.csv');

  it('creates the file with its header, then appends', async () => {
    await appendLinesDurably(path(), 'a,1\n', { header: 'name,value' });
    await appendLinesDurably(path(), 'b,2\nc,3\n', { header: 'name,value' });
    expect(await readFile(path(), 'utf8')).toBe('name,value\na,1\nb,2\nc,3\n');
  });

  it('cuts a torn last line before appending', async () => {
    await appendLinesDurably(path(), 'a,1\n', { header: 'name,value' });
    await appendFile(path(), 'b,');
    await appendLinesDurably(path(), 'c,3\n', { header: 'name,value' });
    expect(await readFile(path(), 'utf8')).toBe('name,value\na,1\nc,3\n');
  });

  it('writes the header again when only a torn first line was left', async () => {
    await mkdir(join(dataDir, 'logs'));
    await appendFile(path(), 'name,va');
    await appendLinesDurably(path(), 'a,1\n', { header: 'name,value' });
    expect(await readFile(path(), 'utf8')).toBe('name,value\na,1\n');
  });

  it('finds the last line break before a torn line longer than one read', async () => {
    await appendLinesDurably(path(), 'kept\n');
    await appendFile(path(), 'x'.repeat(200_000));
    await appendLinesDurably(path(), 'next\n');
    expect(await readFile(path(), 'utf8')).toBe('kept\nnext\n');
  });

  it('appends without a header when none is given', async () => {
    await appendLinesDurably(path(), 'one\n');
    await appendLinesDurably(path(), 'two\n');
    expect(await readFile(path(), 'utf8')).toBe('one\ntwo\n');
  });
});
