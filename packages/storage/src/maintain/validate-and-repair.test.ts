import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dayFilePath } from '../fs/data-dir-layout.ts';
import { makeTempDataDir } from '../test-support/temp-data-dir.ts';
import { openStore } from '../write/store.ts';
import { repairFile } from './repair-file.ts';
import { validateFiles } from './validate-files.ts';

const T0 = Date.UTC(2026, 10, 24);
const MIN = 60_000;
const HEADER = 'timestamp,datetime_utc,openInterest,sumOpenInterestValue,markPrice,exchangeTime\n';
const iso = (ms: number): string => new Date(ms).toISOString();

let dataDir: string;
let remove: () => Promise<void>;
let path: string;
beforeEach(async () => {
  ({ dataDir, remove } = await makeTempDataDir());
  path = dayFilePath(dataDir, 'BTCUSDT', '1m', '2026-11-24');
  await mkdir(dirname(path), { recursive: true });
});
afterEach(async () => remove());

const damaged =
  HEADER +
  `${T0 + 2 * MIN},${iso(T0 + 2 * MIN)},3.0,,,\n` + // 2: unsorted relative to line 3
  `${T0},${iso(T0)},1.0,,,\n` + // 3
  `${T0 + 30_000},${iso(T0)},9,,,\n` + // 4: off grid
  `${T0 + MIN},2026-11-24 00:01:00,2.0,,7.5,\n` + // 5: legacy datetime is fine; still unsorted
  `${T0},${iso(T0)},1.00,,,\n` + // 6: duplicate (same value)
  `${T0 + 3 * MIN},${iso(T0)},4.0,,,\n` + // 7: wrong datetime, fixable
  'garbage\n' + // 8: malformed
  `${T0 + 4 * MIN},${iso(T0 + 4 * MIN)},5.0,,` + // 9: torn
  '';

describe('validateFiles', () => {
  it('reports every issue with its file and line', async () => {
    await writeFile(path, damaged);
    await writeFile(join(dirname(path), 'notes.txt'), 'x');
    const report = await validateFiles(dataDir);
    expect(report.ok).toBe(false);
    expect(report.files).toBe(1);
    expect(report.rows).toBe(4);
    expect(report.issues.map((issue) => [issue.line, issue.kind, issue.path])).toEqual([
      [3, 'unsorted', path],
      [4, 'off-grid', path],
      [5, 'unsorted', path],
      [6, 'duplicate-slot', path],
      [7, 'datetime-mismatch', path],
      [8, 'malformed-row', path],
      [9, 'partial-line', path],
      [0, 'bad-file-name', join(dirname(path), 'notes.txt')],
    ]);
  });
});

describe('repairFile', () => {
  it('keeps every valid row, sorts, and quarantines the rest byte for byte', async () => {
    await writeFile(path, damaged);
    const result = await repairFile(path);
    expect(result).toMatchObject({ changed: true, rows: 4, quarantinedLines: 4, remaining: [] });
    expect(await readFile(path, 'utf8')).toBe(
      HEADER +
        `${T0},${iso(T0)},1.0,,,\n` +
        `${T0 + MIN},${iso(T0 + MIN)},2.0,,7.5,\n` +
        `${T0 + 2 * MIN},${iso(T0 + 2 * MIN)},3.0,,,\n` +
        `${T0 + 3 * MIN},${iso(T0 + 3 * MIN)},4.0,,,\n`,
    );
    expect(await readFile(`${path}.quarantine`, 'utf8')).toBe(
      `${T0 + 30_000},${iso(T0)},9,,,\n${T0},${iso(T0)},1.00,,,\ngarbage\n${T0 + 4 * MIN},${iso(T0 + 4 * MIN)},5.0,,\n`,
    );
    expect((await validateFiles(dataDir)).ok).toBe(true);
    expect((await repairFile(path)).changed).toBe(false);
  });

  it('leaves a file with an unusable header alone; the next write sets it aside whole', async () => {
    await writeFile(path, 'time,oi\n1,2\n');
    const result = await repairFile(path);
    expect(result.changed).toBe(false);
    expect(result.remaining.map((issue) => issue.kind)).toEqual(['bad-header']);
    expect(await readFile(path, 'utf8')).toBe('time,oi\n1,2\n');
    const store = await openStore({ dataDir });
    try {
      await store.merge('BTCUSDT', '1m', [{ slotMs: T0, openInterest: '1', openInterestValue: '' }]);
    } finally {
      await store.close();
    }
    expect(await readFile(`${path}.quarantine`, 'utf8')).toBe('time,oi\n1,2\n');
    expect(await readFile(path, 'utf8')).toBe(`${HEADER}${T0},${iso(T0)},1,,,\n`);
  });

  it('keeps unknown columns through a repair', async () => {
    await writeFile(
      path,
      `timestamp,datetime_utc,openInterest,sumOpenInterestValue,note\n${T0 + MIN},x,2,,b\n${T0},x,1,,a\n`,
    );
    const result = await repairFile(path);
    expect(result.remaining.map((issue) => issue.kind)).toEqual(['unknown-header']);
    expect(await readFile(path, 'utf8')).toBe(
      `${HEADER.trimEnd()},note\n${T0},${iso(T0)},1,,,,a\n${T0 + MIN},${iso(T0 + MIN)},2,,,,b\n`,
    );
  });
});
