import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coverage } from './coverage/coverage.ts';
import { exportRange } from './export/export-range.ts';
import { readDayLines } from './export/read-day-lines.ts';
import { coverageCachePath, dayFilePath } from './fs/data-dir-layout.ts';
import { asDiskWriteError } from './fs/disk-write-failure.ts';
import { cleanup } from './maintain/cleanup.ts';
import { DiskWriteError, UnsafeEntryError } from './model/errors.ts';
import type { StoreEvent } from './model/store-event.ts';
import { collectStats } from './read/collect-stats.ts';
import { listQuarantine } from './read/list-quarantine.ts';
import { listSymbols } from './read/list-symbols.ts';
import { readRows } from './read/read-rows.ts';
import { makeTempDataDir } from './test-support/temp-data-dir.ts';
import { openStore } from './write/store.ts';

// What a hostile file system does to the store: foreign files where day files should be, symbolic
// links that lead out of the data directory, FIFOs, and disks that refuse writes.

const T0 = Date.UTC(2026, 10, 24);
const MIN = 60_000;
const DAY = { startMs: T0, endMs: T0 + 86_400_000 };
const HEADER = 'timestamp,datetime_utc,openInterest,sumOpenInterestValue,markPrice,exchangeTime\n';
const isRoot = process.getuid?.() === 0;

let dataDir: string;
let remove: () => Promise<void>;
let outside: { dataDir: string; remove: () => Promise<void> };
beforeEach(async () => {
  ({ dataDir, remove } = await makeTempDataDir());
  outside = await makeTempDataDir();
});
afterEach(async () => {
  await remove();
  await outside.remove();
});

const point = (minute: number) => ({
  slotMs: T0 + minute * MIN,
  openInterest: `${minute}.5`,
  openInterestValue: '',
});

async function merge(minutes: number[], events: StoreEvent[] = []): Promise<void> {
  const store = await openStore({ dataDir, onEvent: (event) => events.push(event) });
  try {
    await store.merge('BTCUSDT', '1m', minutes.map(point));
  } finally {
    await store.close();
  }
}

describe('a foreign file where a day file should be', () => {
  const foreignBytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 97 + 13) % 256);

  it('is reported by readers, then set aside byte for byte by the next write of its day', async () => {
    const path = dayFilePath(dataDir, 'BTCUSDT', '1m', '2026-11-24');
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, foreignBytes);

    expect(await coverage(dataDir, 'BTCUSDT', '1m', DAY)).toEqual([]);
    expect(await listQuarantine(dataDir)).toEqual({ unreadable: [path], quarantined: [] });
    expect((await collectStats(dataDir)).quarantine).toEqual({ unreadable: [path], quarantined: [] });

    const events: StoreEvent[] = [];
    await merge([0, 1], events);
    expect(events).toContainEqual({
      type: 'file-quarantined',
      path,
      quarantinePath: `${path}.quarantine`,
      bytes: 300,
    });
    // The foreign bytes, exactly, and a line break so the next set-aside lines start on their own.
    expect(await readFile(`${path}.quarantine`)).toEqual(Buffer.concat([foreignBytes, Buffer.from('\n')]));
    expect(await coverage(dataDir, 'BTCUSDT', '1m', DAY)).toEqual([{ startMs: T0, endMs: T0 + 2 * MIN }]);
    expect(await listQuarantine(dataDir)).toEqual({ unreadable: [], quarantined: [`${path}.quarantine`] });
  });

  it('never jams a symbol: a file of another tool is set aside and the day written afresh', async () => {
    const path = dayFilePath(dataDir, 'BTCUSDT', '1m', '2026-11-24');
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, 'open_time,open,high,low,close\n1,2,3,4,5\n');
    await merge([3]);
    expect(await readFile(path, 'utf8')).toBe(`${HEADER}${T0 + 3 * MIN},2026-11-24T00:03:00.000Z,3.5,,,\n`);
    expect(await readFile(`${path}.quarantine`, 'utf8')).toBe('open_time,open,high,low,close\n1,2,3,4,5\n');
  });
});

describe('symbolic links inside the data directory', () => {
  const seriesDir = () => join(dataDir, 'open_interest', 'BTCUSDT', '1m');

  async function linkSymbolFolder(): Promise<string> {
    const target = join(outside.dataDir, 'elsewhere');
    await mkdir(join(target, '1m'), { recursive: true });
    await writeFile(join(target, '1m', 'BTCUSDT-oi-2026-11-24.csv'), `${HEADER}${T0},x,1,,,\n`);
    await mkdir(join(dataDir, 'open_interest'), { recursive: true });
    const link = join(dataDir, 'open_interest', 'BTCUSDT');
    await symlink(target, link);
    return link;
  }

  it('a linked symbol folder is refused by the writer, nothing written through it', async () => {
    const link = await linkSymbolFolder();
    const before = await readdir(join(outside.dataDir, 'elsewhere', '1m'));
    await expect(merge([0])).rejects.toMatchObject({ code: 'UNSAFE_ENTRY', path: link, kind: 'symlink' });
    expect(await readdir(join(outside.dataDir, 'elsewhere', '1m'))).toEqual(before);
  });

  it('a linked symbol folder is refused by every reader', async () => {
    const link = await linkSymbolFolder();
    const refused = { code: 'UNSAFE_ENTRY', path: link };
    await expect(listSymbols(dataDir)).rejects.toMatchObject(refused);
    await expect(collectStats(dataDir)).rejects.toMatchObject(refused);
    await expect(collectStats(dataDir, { symbols: ['BTCUSDT'] })).rejects.toMatchObject(refused);
    await expect(coverage(dataDir, 'BTCUSDT', '1m', DAY)).rejects.toMatchObject(refused);
    await expect(readRows(dataDir, 'BTCUSDT', '1m', DAY)).rejects.toMatchObject(refused);
    await expect(cleanup(dataDir, { olderThanDays: 0, nowMs: T0 + 10 * DAY.endMs })).rejects.toMatchObject(
      refused,
    );
    const output = new Writable({ write: (_chunk, _encoding, done) => done() });
    await expect(
      exportRange({ dataDir, symbols: ['BTCUSDT'], series: '1m', range: DAY, format: 'csv', output }),
    ).rejects.toMatchObject(refused);
    expect(await readdir(join(outside.dataDir, 'elsewhere', '1m'))).toEqual(['BTCUSDT-oi-2026-11-24.csv']);
  });

  it('a linked series folder and a linked day file are refused too', async () => {
    await mkdir(join(dataDir, 'open_interest', 'BTCUSDT'), { recursive: true });
    await symlink(outside.dataDir, seriesDir());
    await expect(merge([0])).rejects.toBeInstanceOf(UnsafeEntryError);
    await expect(coverage(dataDir, 'BTCUSDT', '1m', DAY)).rejects.toMatchObject({ path: seriesDir() });

    await remove();
    await mkdir(seriesDir(), { recursive: true });
    const target = join(outside.dataDir, 'target.csv');
    await writeFile(target, `${HEADER}${T0},x,1,,,\n`);
    const link = join(seriesDir(), 'BTCUSDT-oi-2026-11-24.csv');
    await symlink(target, link);
    await expect(merge([0])).rejects.toMatchObject({ code: 'UNSAFE_ENTRY', path: link });
    await expect(coverage(dataDir, 'BTCUSDT', '1m', DAY)).rejects.toMatchObject({ path: link });
    expect(await readFile(target, 'utf8')).toBe(`${HEADER}${T0},x,1,,,\n`);
  });

  it('a FIFO with a day file name is refused, never waited on', async () => {
    await mkdir(seriesDir(), { recursive: true });
    const fifo = join(seriesDir(), 'BTCUSDT-oi-2026-11-24.csv');
    execFileSync('mkfifo', [fifo]);
    await expect(coverage(dataDir, 'BTCUSDT', '1m', DAY)).rejects.toMatchObject({ kind: 'not-a-file' });
    await expect(merge([0])).rejects.toMatchObject({ code: 'UNSAFE_ENTRY', path: fifo });
  });
});

describe('disk errors', () => {
  it.each([
    ['EACCES', 'permission denied'],
    ['EROFS', 'read-only file system'],
    ['ENOSPC', 'no space left on device'],
    ['EIO', 'input/output error'],
  ])('a system refusal %s becomes a DiskWriteError naming the path', (code, text) => {
    const failure = Object.assign(new Error(`${code}: failed, open '/x/.tmp'`), { code });
    const error = asDiskWriteError('/data/x.csv', failure);
    expect(error).toBeInstanceOf(DiskWriteError);
    expect(error).toMatchObject({ code: 'DISK_WRITE_FAILED', path: '/data/x.csv', systemCode: code });
    expect((error as Error).message).toBe(`cannot write /data/x.csv: ${code} (${text})`);
  });

  it.runIf(isRoot)('a read-only symbol folder: DiskWriteError (EROFS), the rows before intact', async () => {
    await merge([0]);
    const path = dayFilePath(dataDir, 'BTCUSDT', '1m', '2026-11-24');
    const before = await readFile(path, 'utf8');
    const symbolDir = join(dataDir, 'open_interest', 'BTCUSDT');
    execFileSync('mount', ['--bind', symbolDir, symbolDir]);
    try {
      execFileSync('mount', ['-o', 'remount,ro,bind', symbolDir]);
      await expect(merge([1])).rejects.toMatchObject({
        code: 'DISK_WRITE_FAILED',
        path,
        systemCode: 'EROFS',
      });
    } finally {
      execFileSync('umount', [symbolDir]);
    }
    expect(await readFile(path, 'utf8')).toBe(before);
  });

  it.runIf(isRoot)(
    'a full disk: DiskWriteError (ENOSPC), no temp file left, the rows before intact',
    async () => {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dataDir]);
      try {
        await merge([0]);
        const path = dayFilePath(dataDir, 'BTCUSDT', '1m', '2026-11-24');
        const before = await readFile(path, 'utf8');
        const big = Array.from({ length: 1440 }, (_, minute) => minute);
        await expect(merge(big)).rejects.toMatchObject({
          code: 'DISK_WRITE_FAILED',
          path,
          systemCode: 'ENOSPC',
        });
        expect(await readFile(path, 'utf8')).toBe(before);
        expect(await readdir(dirname(path))).toEqual(['BTCUSDT-oi-2026-11-24.csv']);
      } finally {
        execFileSync('umount', [dataDir]);
      }
    },
  );
});

describe('the coverage cache', () => {
  it('is left as it is by a reader when no day file changed', async () => {
    await merge([0, 1, 5]);
    await collectStats(dataDir);
    const cachePath = coverageCachePath(dataDir, 'BTCUSDT', '1m');
    const first = await stat(cachePath);
    await collectStats(dataDir);
    await coverage(dataDir, 'BTCUSDT', '1m', DAY);
    await listQuarantine(dataDir);
    const second = await stat(cachePath);
    expect({ ino: second.ino, mtimeMs: second.mtimeMs }).toEqual({ ino: first.ino, mtimeMs: first.mtimeMs });
  });

  it('is rewritten when a day file changed', async () => {
    await merge([0]);
    await collectStats(dataDir);
    const cachePath = coverageCachePath(dataDir, 'BTCUSDT', '1m');
    const before = await readFile(cachePath, 'utf8');
    await merge([1]);
    await collectStats(dataDir);
    expect(await readFile(cachePath, 'utf8')).not.toBe(before);
  });
});

describe('stopping an export', () => {
  it('rejects with the reason once the signal fires, also while the output does not drain', async () => {
    await merge(Array.from({ length: 1440 }, (_, minute) => minute));
    const controller = new AbortController();
    // An output that never drains: without the signal the export would wait for ever.
    const output = new Writable({ highWaterMark: 1, write: () => undefined });
    const exporting = exportRange({
      dataDir,
      symbols: ['BTCUSDT'],
      series: '1m',
      range: DAY,
      format: 'csv',
      output,
      signal: controller.signal,
    });
    setImmediate(() => controller.abort(new Error('SIGTERM received')));
    await expect(exporting).rejects.toThrow();
    expect(controller.signal.aborted).toBe(true);
  });

  it('readDayLines stops before the next day file', async () => {
    await merge([0]);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const lines = readDayLines({ dataDir, symbols: ['BTCUSDT'], series: '1m', signal: controller.signal });
    await expect(lines.next()).rejects.toThrow('stop');
  });
});
