import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileInParts } from './write-file-in-parts.ts';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'oi-report-parts-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Parts of about 3 MB in all, so several writes happen. */
function* manyParts(onPart?: (index: number) => void): Generator<string> {
  for (let index = 0; index < 3000; index++) {
    onPart?.(index);
    yield `${String(index).padStart(4, '0')}é${'x'.repeat(1000)}\n`;
  }
}

describe('writeFileInParts', () => {
  it('writes every part in order, makes missing folders and counts the bytes (UTF-8)', async () => {
    const path = join(root, 'new', 'folder', 'page.html');
    const bytes = await writeFileInParts(path, manyParts());
    const text = await readFile(path, 'utf8');
    expect(text).toBe([...manyParts()].join(''));
    expect(bytes).toBe(Buffer.byteLength(text));
    expect(await readdir(join(root, 'new', 'folder'))).toEqual(['page.html']);
  });

  it('replaces a file only once whole: a stop midway leaves the old one and no temporary file', async () => {
    const folder = join(root, 'stopped');
    const path = join(folder, 'page.html');
    await writeFileInParts(path, ['the old page']);
    const controller = new AbortController();
    const parts = manyParts((index) => {
      if (index === 2500) controller.abort(new Error('stop here'));
    });
    await expect(writeFileInParts(path, parts, controller.signal)).rejects.toThrow('stop here');
    expect(await readFile(path, 'utf8')).toBe('the old page');
    expect(await readdir(folder)).toEqual(['page.html']);
  });

  it('rejects with the system error when the folder cannot be made, leaving nothing', async () => {
    await writeFile(join(root, 'a-file'), '');
    await expect(writeFileInParts(join(root, 'a-file', 'page.html'), ['x'])).rejects.toMatchObject({
      code: expect.stringMatching(/^(EEXIST|ENOTDIR)$/),
    });
  });
});
