import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasErrorCode } from '@oi/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReportOutPath, isWithinDirectory } from './out-path.ts';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'oi-out-path-'));
  await mkdir(join(root, 'data', 'open_interest'), { recursive: true });
  await mkdir(join(root, 'reports'));
  // A way into the data directory that does not say so.
  await symlink(join(root, 'data', 'open_interest'), join(root, 'reports', 'sneaky'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('isWithinDirectory', () => {
  it.each([
    ['data', true],
    ['data/report.html', true],
    ['data/new/folder/report.html', true],
    ['data/../data/report.html', true],
    ['reports/sneaky/report.html', true],
    ['report.html', false],
    ['reports/report.html', false],
    ['data-2/report.html', false],
    ['..data.html', false],
  ])('%s inside data: %s', async (path, inside) => {
    expect(await isWithinDirectory(join(root, 'data'), join(root, path))).toBe(inside);
  });

  it('sees through a data directory given by a symbolic link', async () => {
    await symlink(join(root, 'data'), join(root, 'data-link'));
    expect(await isWithinDirectory(join(root, 'data-link'), join(root, 'data', 'r.html'))).toBe(true);
  });
});

describe('checkReportOutPath', () => {
  it('refuses a file in the data directory and a directory, as usage errors', async () => {
    const data = join(root, 'data');
    for (const path of [join(data, 'r.html'), join(root, 'reports')]) {
      await expect(checkReportOutPath(path, data)).rejects.toSatisfy((error) => hasErrorCode(error, 'USAGE'));
    }
    await expect(checkReportOutPath(join(root, 'reports', 'r.html'), data)).resolves.toBeUndefined();
  });
});
