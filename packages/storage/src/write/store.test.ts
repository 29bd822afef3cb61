import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coverage } from '../coverage/coverage.ts';
import { dayFilePath } from '../fs/data-dir-layout.ts';
import { InvalidPointError } from '../model/errors.ts';
import type { StoreEvent } from '../model/store-event.ts';
import { readRows } from '../read/read-rows.ts';
import { makeTempDataDir } from '../test-support/temp-data-dir.ts';
import { openStore, type Store } from './store.ts';

const DAY = Date.UTC(2026, 10, 24);
const MIN = 60_000;

let dataDir: string;
let remove: () => Promise<void>;
let store: Store | undefined;
let events: StoreEvent[];

beforeEach(async () => {
  ({ dataDir, remove } = await makeTempDataDir());
  events = [];
});
afterEach(async () => {
  await store?.close();
  store = undefined;
  await remove();
});

async function open(): Promise<Store> {
  store = await openStore({ dataDir, onEvent: (event) => events.push(event), now: () => DAY });
  return store;
}

describe('merge', () => {
  it('writes sorted rows with the full header and exact decimals', async () => {
    const s = await open();
    const result = await s.merge('BTCUSDT', '1m', [
      { slotMs: DAY + 2 * MIN, openInterest: '100.10', openInterestValue: '', extra: { markPrice: '9.5' } },
      { slotMs: DAY, openInterest: '0.00000001', openInterestValue: '1e-8' },
    ]);
    expect(result).toEqual({ inserted: 2, unchanged: 0, filled: 0, conflicts: [] });
    const text = await readFile(dayFilePath(dataDir, 'BTCUSDT', '1m', '2026-11-24'), 'utf8');
    expect(text).toBe(
      'timestamp,datetime_utc,openInterest,sumOpenInterestValue,markPrice,exchangeTime\n' +
        `${DAY},2026-11-24T00:00:00.000Z,0.00000001,1e-8,,\n` +
        `${DAY + 2 * MIN},2026-11-24T00:02:00.000Z,100.10,,9.5,\n`,
    );
  });

  it('keeps the stored value on a conflict and reports it', async () => {
    const s = await open();
    await s.merge('BTCUSDT', '5m', [{ slotMs: DAY, openInterest: '1.5', openInterestValue: '2' }]);
    const result = await s.merge('BTCUSDT', '5m', [
      { slotMs: DAY, openInterest: '1.50', openInterestValue: '2.0' },
      { slotMs: DAY, openInterest: '1.5', openInterestValue: '2' },
    ]);
    expect(result).toMatchObject({ inserted: 0, unchanged: 2, conflicts: [] });
    const conflict = await s.merge('BTCUSDT', '5m', [
      { slotMs: DAY, openInterest: '1.6', openInterestValue: '2' },
    ]);
    expect(conflict.conflicts).toHaveLength(1);
    expect(conflict.conflicts[0]).toMatchObject({
      symbol: 'BTCUSDT',
      series: '5m',
      slotMs: DAY,
      stored: { openInterest: '1.5' },
      incoming: { openInterest: '1.6' },
    });
    expect(events.filter((event) => event.type === 'conflict')).toHaveLength(1);
    const rows = await readRows(dataDir, 'BTCUSDT', '5m', { startMs: DAY, endMs: DAY + 86_400_000 });
    expect(rows.map((row) => row.openInterest)).toEqual(['1.5']);
  });
});

describe('appendLive', () => {
  it('appends, falls back to merge for older slots and never duplicates', async () => {
    const s = await open();
    for (const minute of [0, 1, 2, 5]) {
      const r = await s.appendLive('ETHUSDT', {
        slotMs: DAY + minute * MIN,
        openInterest: `${minute}`,
        openInterestValue: '',
      });
      expect(r.inserted).toBe(1);
    }
    expect(
      (await s.appendLive('ETHUSDT', { slotMs: DAY + 2 * MIN, openInterest: '2', openInterestValue: '' }))
        .unchanged,
    ).toBe(1);
    expect(
      (await s.appendLive('ETHUSDT', { slotMs: DAY + 3 * MIN, openInterest: '3', openInterestValue: '' }))
        .inserted,
    ).toBe(1);
    const runs = await coverage(dataDir, 'ETHUSDT', '1m', { startMs: DAY, endMs: DAY + 10 * MIN });
    expect(runs).toEqual([
      { startMs: DAY, endMs: DAY + 4 * MIN },
      { startMs: DAY + 5 * MIN, endMs: DAY + 6 * MIN },
    ]);
  });

  it('repairs a torn last line before writing and quarantines it', async () => {
    const path = dayFilePath(dataDir, 'ETHUSDT', '1m', '2026-11-24');
    await mkdir(dirname(path), { recursive: true });
    await writeFile(
      path,
      'timestamp,datetime_utc,openInterest,sumOpenInterestValue,markPrice,exchangeTime\n' +
        `${DAY},2026-11-24T00:00:00.000Z,1,,,\n${DAY + MIN},2026-11-24T00:0`,
    );
    const s = await open();
    await s.appendLive('ETHUSDT', { slotMs: DAY + MIN, openInterest: '2', openInterestValue: '' });
    expect(await readFile(path, 'utf8')).toBe(
      'timestamp,datetime_utc,openInterest,sumOpenInterestValue,markPrice,exchangeTime\n' +
        `${DAY},2026-11-24T00:00:00.000Z,1,,,\n${DAY + MIN},2026-11-24T00:01:00.000Z,2,,,\n`,
    );
    expect(await readFile(`${path}.quarantine`, 'utf8')).toBe(`${DAY + MIN},2026-11-24T00:0\n`);
    expect(events.some((event) => event.type === 'file-repaired')).toBe(true);
  });
});

describe('merge rules', () => {
  it('fills unknown values and extras from an identical point, never replaces known ones', async () => {
    const s = await open();
    await s.merge('BTCUSDT', '5m', [
      { slotMs: DAY, openInterest: '1', openInterestValue: '', extra: { source: 'api' } },
    ]);
    const result = await s.merge('BTCUSDT', '5m', [
      {
        slotMs: DAY,
        openInterest: '1.0',
        openInterestValue: '7',
        extra: { CMCCirculatingSupply: '5', source: 'archive' },
      },
    ]);
    expect(result).toEqual({ inserted: 0, unchanged: 1, filled: 1, conflicts: [] });
    const rows = await readRows(dataDir, 'BTCUSDT', '5m', { startMs: DAY, endMs: DAY + 1 });
    expect(rows).toEqual([
      {
        slotMs: DAY,
        openInterest: '1',
        openInterestValue: '7',
        extra: { CMCCirculatingSupply: '5', source: 'api' },
      },
    ]);
  });

  it.each([
    ['an off-grid slot', { slotMs: DAY + 1000, openInterest: '1', openInterestValue: '' }, /off the 5m grid/],
    [
      'a 1m slot in 5m',
      { slotMs: DAY + 60_000, openInterest: '1', openInterestValue: '' },
      /off the 5m grid/,
    ],
    [
      'a float',
      { slotMs: DAY, openInterest: 1 as unknown as string, openInterestValue: '' },
      /not a decimal/,
    ],
    ['a bad decimal', { slotMs: DAY, openInterest: '1,5', openInterestValue: '' }, /not a decimal/],
    ['a bad value', { slotMs: DAY, openInterest: '1', openInterestValue: 'NaN' }, /openInterestValue/],
    [
      'an unknown extra',
      { slotMs: DAY, openInterest: '1', openInterestValue: '', extra: { markPrice: '1' } },
      /not a 5m column/,
    ],
    [
      'a CSV-breaking source',
      { slotMs: DAY, openInterest: '1', openInterestValue: '', extra: { source: 'a,b' } },
      /source/,
    ],
  ])('rejects a batch with %s before writing anything', async (_name, bad, message) => {
    const s = await open();
    const good = { slotMs: DAY - 300_000, openInterest: '1', openInterestValue: '' };
    const error = await s.merge('BTCUSDT', '5m', [good, bad]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidPointError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/^rejected BTCUSDT 5m point at slot .*; nothing was written$/);
    expect(await readdir(dataDir)).toEqual(['state']);
  });

  it('rejects a batch that holds one slot twice with different values', async () => {
    const s = await open();
    await expect(
      s.merge('BTCUSDT', '1m', [
        { slotMs: DAY, openInterest: '1', openInterestValue: '' },
        { slotMs: DAY, openInterest: '2', openInterestValue: '' },
      ]),
    ).rejects.toThrow(/twice with different values/);
  });

  it('serialises concurrent writes to one file without losing any', async () => {
    const s = await open();
    const writes: Promise<unknown>[] = [];
    for (let minute = 0; minute < 60; minute++) {
      const point = { slotMs: DAY + minute * MIN, openInterest: String(minute), openInterestValue: '' };
      writes.push(minute % 3 === 0 ? s.merge('BTCUSDT', '1m', [point]) : s.appendLive('BTCUSDT', point));
    }
    await Promise.all(writes);
    const rows = await readRows(dataDir, 'BTCUSDT', '1m', { startMs: DAY, endMs: DAY + 60 * MIN });
    expect(rows.map((row) => row.openInterest)).toEqual(
      Array.from({ length: 60 }, (_, minute) => String(minute)),
    );
  });

  it('appends in place on the fast path and removes temp files left by a crashed writer', async () => {
    const path = dayFilePath(dataDir, 'BTCUSDT', '1m', '2026-11-24');
    await mkdir(dirname(path), { recursive: true });
    const leftover = join(dirname(path), '.BTCUSDT-oi-2026-11-24.csv.tmp-999999-abcdef');
    await writeFile(leftover, 'half');
    const s = await open();
    await s.appendLive('BTCUSDT', { slotMs: DAY, openInterest: '1', openInterestValue: '' });
    const { ino } = await stat(path);
    await s.appendLive('BTCUSDT', { slotMs: DAY + MIN, openInterest: '2', openInterestValue: '' });
    await s.appendLive('BTCUSDT', { slotMs: DAY + 2 * MIN, openInterest: '3', openInterestValue: '' });
    expect((await stat(path)).ino).toBe(ino);
    expect(await readdir(dirname(path))).toEqual(['BTCUSDT-oi-2026-11-24.csv']);
    expect(events).toContainEqual({ type: 'temp-file-removed', path: leftover });
  });

  it('starts a day file afresh when it was deleted behind the writer', async () => {
    const s = await open();
    await s.appendLive('BTCUSDT', { slotMs: DAY, openInterest: '1', openInterestValue: '' });
    const path = dayFilePath(dataDir, 'BTCUSDT', '1m', '2026-11-24');
    await writeFile(path, '');
    await s.appendLive('BTCUSDT', { slotMs: DAY + MIN, openInterest: '2', openInterestValue: '' });
    expect((await readRows(dataDir, 'BTCUSDT', '1m', { startMs: DAY, endMs: DAY + 2 * MIN })).length).toBe(1);
  });
});
