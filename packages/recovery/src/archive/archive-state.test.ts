import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { archiveStatePath } from '@oi/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { createArchiveGapSource } from './archive-gap-source.ts';
import { type ArchiveDayRecord, readArchiveState, unavailableRunsIn } from './archive-state.ts';
import { openArchiveStateBook } from './archive-state-book.ts';

const at = (iso: string): number => Date.parse(`${iso}Z`);
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'oi-archive-state-'));
  dirs.push(dir);
  return dir;
}

const file = {
  path: '/data/futures/um/daily/metrics/BTCUSDT/BTCUSDT-metrics-2025-12-05.zip',
  sizeBytes: 10,
  sha256: 'a'.repeat(64),
};
const RECORDS: Record<string, ArchiveDayRecord> = {
  '2025-12-03': { checkedAtMs: 1, outcome: 'missing', defects: [], conflicts: [] },
  '2025-12-04': {
    checkedAtMs: 1,
    outcome: 'rejected',
    reason: 'checksum-mismatch',
    detail: 'sha256 differs',
    file,
    defects: [],
    conflicts: [],
  },
  '2025-12-05': {
    checkedAtMs: 1,
    outcome: 'stored',
    file,
    convention: 'end-of-period',
    conventionEvidence: 'date-hint',
    rowCount: 162,
    defects: [{ startMs: at('2025-12-05T13:35'), endMs: at('2025-12-06T00:05'), reason: 'missing-row' }],
    conflicts: [],
  },
};

describe('the archive state', () => {
  it('is saved through the book and read back as recorded; a symbol never checked has none', async () => {
    const dataDir = await tempDir();
    expect(await readArchiveState(dataDir, 'BTCUSDT')).toBeUndefined();
    const book = openArchiveStateBook(dataDir, 'um');
    await book.state('BTCUSDT');
    for (const [day, record] of Object.entries(RECORDS)) book.record('BTCUSDT', day, record);
    await book.flush();
    expect(await readArchiveState(dataDir, 'BTCUSDT')).toEqual({
      symbol: 'BTCUSDT',
      market: 'um',
      days: RECORDS,
    });

    // A later run starts from what was saved.
    const later = openArchiveStateBook(dataDir, 'um');
    expect(Object.keys((await later.state('BTCUSDT')).days)).toEqual(Object.keys(RECORDS));
  });

  it('names the file when it is not an archive state', async () => {
    const dataDir = await tempDir();
    const path = archiveStatePath(dataDir, 'BTCUSDT');
    await mkdir(dirname(path), { recursive: true });
    await writeFile(
      path,
      '{"version":1,"symbol":"BTCUSDT","market":"um","days":{"2025-12-03":{"outcome":"gone"}}}',
    );
    await expect(readArchiveState(dataDir, 'BTCUSDT')).rejects.toMatchObject({
      code: 'ARCHIVE_STATE_UNREADABLE',
      path,
      message: expect.stringContaining('days.2025-12-03'),
    });
    await writeFile(path, '{"version":1,');
    await expect(readArchiveState(dataDir, 'BTCUSDT')).rejects.toMatchObject({
      code: 'ARCHIVE_STATE_UNREADABLE',
    });
  });

  it('reports a save that fails when flushed, and saves it once it can', async () => {
    const dataDir = await tempDir();
    const book = openArchiveStateBook(dataDir, 'um');
    await book.state('BTCUSDT');
    // A directory where the file should be: the replacing rename fails.
    await mkdir(archiveStatePath(dataDir, 'BTCUSDT'), { recursive: true });
    book.record('BTCUSDT', '2025-12-03', RECORDS['2025-12-03']!);
    await expect(book.flush()).rejects.toMatchObject({ code: 'ARCHIVE_STATE_NOT_SAVED' });
    await rm(archiveStatePath(dataDir, 'BTCUSDT'), { recursive: true });
    await book.flush();
    expect((await readArchiveState(dataDir, 'BTCUSDT'))?.days['2025-12-03']?.outcome).toBe('missing');
  });

  it('says which slots its files cannot give, and the gap source covers the rest of the finished days', () => {
    const state = { symbol: 'BTCUSDT', market: 'um' as const, days: RECORDS };
    const range = { startMs: at('2025-12-03T00:00'), endMs: at('2025-12-07T00:00') };
    expect(unavailableRunsIn(state, range).map((r) => [r.range.startMs, r.range.endMs, r.cause])).toEqual([
      [at('2025-12-03T00:05'), at('2025-12-04T00:05'), 'file-missing'],
      [at('2025-12-04T00:05'), at('2025-12-05T00:05'), 'checksum-mismatch'],
      [at('2025-12-05T13:35'), at('2025-12-06T00:05'), 'missing-row'],
    ]);
    const source = createArchiveGapSource({
      state,
      unchecked: [
        {
          range: { startMs: at('2025-12-06T00:05'), endMs: at('2025-12-07T00:05') },
          cause: 'download-failed',
        },
      ],
    });
    const nowMs = at('2025-12-06T12:00');
    expect(source.covers(range, nowMs)).toEqual([
      { startMs: at('2025-12-03T00:00'), endMs: at('2025-12-03T00:05') },
      { startMs: at('2025-12-05T00:05'), endMs: at('2025-12-05T13:35') },
    ]);
    expect(source.explain?.(range, nowMs).map((r) => [r.range.startMs, r.cause])).toEqual([
      [at('2025-12-06T00:05'), 'day-not-finished'],
      [at('2025-12-06T00:05'), 'download-failed'],
      [at('2025-12-03T00:05'), 'file-missing'],
      [at('2025-12-04T00:05'), 'checksum-mismatch'],
      [at('2025-12-05T13:35'), 'missing-row'],
    ]);
    const before = createArchiveGapSource({ state: undefined, firstDay: '2025-12-05' });
    expect(before.explain?.(range, nowMs)[0]).toEqual({
      range: { startMs: range.startMs, endMs: at('2025-12-05T00:05') },
      cause: 'before-first-file',
    });
  });
});
