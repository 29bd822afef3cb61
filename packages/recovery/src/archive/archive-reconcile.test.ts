import type { ArchiveDefect } from '@oi/binance-sim';
import { readRows } from '@oi/storage';
import { afterEach, describe, expect, it } from 'vitest';
import type { CollectorEvent } from '../engine/collector-event.ts';
import { type RunBackfillOptions, runBackfill } from '../engine/run-backfill.ts';
import { type Harness, startHarness } from '../test-support/harness.ts';
import { readArchiveState } from './archive-state.ts';

const SLOT_MS = 300_000;
const HOUR_MS = 3_600_000;
const at = (iso: string): number => Date.parse(`${iso}Z`);
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function backfill(
  h: Harness,
  options: Partial<RunBackfillOptions> & Pick<RunBackfillOptions, 'symbols' | 'range'>,
) {
  return runBackfill({
    client: h.client,
    store: h.store,
    dataDir: h.dataDir,
    clock: h.clock,
    listings: h.listings,
    signal: new AbortController().signal,
    archive: { client: h.archive },
    ...options,
  });
}

const dayOf = (day: string) => ({ startMs: at(`${day}T00:05`), endMs: at(`${day}T00:05`) + 86_400_000 });

async function expectExact(h: Harness, symbol: string, range: { startMs: number; endMs: number }) {
  const rows = await readRows(h.dataDir, symbol, '5m', range);
  expect(rows).toHaveLength((range.endMs - range.startMs) / SLOT_MS);
  for (const row of rows) {
    const truth = h.sim.truth.historyValuesAt(symbol, row.slotMs);
    expect([row.openInterest, row.openInterestValue]).toEqual([
      truth.sumOpenInterest,
      truth.sumOpenInterestValue,
    ]);
  }
  return rows;
}

describe('runBackfill reconciles the archive', () => {
  it('never stores a file whose checksum or labels fail, and stores it once Binance fixes it', async () => {
    const startMs = Date.UTC(2026, 0, 15, 12, 0, 20);
    const fixedAtMs = startMs + 2 * HOUR_MS;
    const defects: ArchiveDefect[] = [
      { kind: 'checksumMismatch', symbol: 'BTCUSDT', day: '2025-12-04', fixedAtMs },
      { kind: 'undecidableLabels', symbol: 'BTCUSDT', day: '2025-12-06', variant: 'mixed', fixedAtMs },
    ];
    harness = await startHarness({ startMs, archiveDefects: defects });
    const h = harness;
    const range = { startMs: at('2025-12-04T00:05'), endMs: at('2025-12-07T00:05') };
    const first = await backfill(h, { symbols: ['BTCUSDT'], range });
    expect(first.unrecoverable.map((g) => [g.range, g.detail])).toEqual([
      [dayOf('2025-12-04'), 'beyond-api-retention and archive checksum mismatch'],
      [dayOf('2025-12-06'), 'beyond-api-retention and archive undecidable labels'],
    ]);
    expect((await readRows(h.dataDir, 'BTCUSDT', '5m', range)).map((r) => r.slotMs)).toEqual(
      Array.from({ length: 288 }, (_, i) => dayOf('2025-12-05').startMs + i * SLOT_MS),
    );

    await h.clock.sleep(3 * HOUR_MS);
    const events: CollectorEvent[] = [];
    const second = await backfill(h, { symbols: ['BTCUSDT'], range, onEvent: (e) => events.push(e) });
    expect(second).toMatchObject({ gapsRemain: false, conflicts: [], requests: 0 });
    expect(second.archive).toMatchObject({ days: 2, stored: 2, slotsWritten: 2 * 288 });
    await expectExact(h, 'BTCUSDT', range);
    // Binance's repaired files are new uploads: noticed by their SHA-256, recorded with the one they replace.
    const state = await readArchiveState(h.dataDir, 'BTCUSDT');
    expect(state?.days['2025-12-04']).toMatchObject({ outcome: 'stored', defects: [], conflicts: [] });
    expect(second.archive.reuploads).toBe(2);
    expect(
      events.filter((e) => e.type === 'archive-reupload').map((e) => e.type === 'archive-reupload' && e.day),
    ).toEqual(['2025-12-04', '2025-12-06']);
    expect(state?.days['2025-12-06']?.replacedFile?.sha256).not.toBe(state?.days['2025-12-06']?.file?.sha256);
  });

  it('a re-uploaded file adds its new rows and reports its changed value as a conflict, never overwriting', async () => {
    const startMs = Date.UTC(2026, 0, 15, 12, 0, 20);
    const atMs = startMs + 2 * HOUR_MS;
    const defects: ArchiveDefect[] = [
      { kind: 'partial', symbol: 'ETHUSDT', day: '2025-12-05', lastTime: '13:30', fixedAtMs: atMs },
      { kind: 'reupload', symbol: 'ETHUSDT', day: '2025-12-05', atMs, time: '12:00' },
    ];
    harness = await startHarness({ startMs, archiveDefects: defects });
    const h = harness;
    const range = dayOf('2025-12-05');
    const first = await backfill(h, { symbols: ['ETHUSDT'], range });
    expect(first.unrecoverable.map((g) => [g.range.startMs, g.detail])).toEqual([
      [at('2025-12-05T13:35'), 'beyond-api-retention and archive missing row'],
    ]);

    await h.clock.sleep(3 * HOUR_MS);
    const events: CollectorEvent[] = [];
    const second = await backfill(h, { symbols: ['ETHUSDT'], range, onEvent: (e) => events.push(e) });
    const noon = at('2025-12-05T12:00');
    const truth = h.sim.truth.historyValuesAt('ETHUSDT', noon);
    expect(second.gapsRemain).toBe(false);
    expect(second.archive).toMatchObject({ stored: 1, reuploads: 1, slotsWritten: 126 });
    expect(second.conflicts).toHaveLength(1);
    expect(second.conflicts[0]).toMatchObject({
      symbol: 'ETHUSDT',
      slotMs: noon,
      source: 'archive',
      stored: { openInterest: truth.sumOpenInterest, extra: { source: 'archive' } },
    });
    expect(second.conflicts[0]?.incoming.openInterest).not.toBe(truth.sumOpenInterest);
    expect(events.some((e) => e.type === 'conflicts')).toBe(true);
    await expectExact(h, 'ETHUSDT', range);
    const record = (await readArchiveState(h.dataDir, 'ETHUSDT'))?.days['2025-12-05'];
    expect(record?.replacedFile).toBeDefined();
    expect(record?.conflicts).toEqual([
      {
        slotMs: noon,
        stored: {
          openInterest: truth.sumOpenInterest,
          openInterestValue: truth.sumOpenInterestValue,
          source: 'archive',
        },
        incoming: {
          openInterest: second.conflicts[0]?.incoming.openInterest,
          openInterestValue: second.conflicts[0]?.incoming.openInterestValue,
        },
      },
    ]);
  });

  it('a file that disagrees with stored API rows is not stored; the API fills the day instead', async () => {
    harness = await startHarness({
      archiveDefects: [{ kind: 'apiMismatch', symbol: 'BTCUSDT', day: '2026-01-10' }],
    });
    const h = harness;
    const day = { startMs: at('2026-01-10T00:00'), endMs: at('2026-01-11T00:00') };
    const fromApi = await backfill(h, {
      symbols: ['BTCUSDT'],
      range: { startMs: day.startMs, endMs: day.startMs + 6 * HOUR_MS },
      source: 'api',
    });
    expect(fromApi.archive.days).toBe(0);
    h.sim.clearLog();
    const result = await backfill(h, { symbols: ['BTCUSDT'], range: day });
    expect(result.archive).toMatchObject({
      days: 1,
      rejected: 1,
      disagreeing: 1,
      stored: 0,
      slotsWritten: 0,
    });
    expect(result).toMatchObject({ requests: 1, gapsRemain: false, conflicts: [] });
    const rows = await expectExact(h, 'BTCUSDT', day);
    expect(new Set(rows.map((r) => r.extra?.['source']))).toEqual(new Set(['api']));
    const record = (await readArchiveState(h.dataDir, 'BTCUSDT'))?.days['2026-01-10'];
    expect(record).toMatchObject({ outcome: 'rejected', reason: 'disagrees-with-api' });
    expect(record?.detail).toMatch(
      /^71 slot\(s\) differ from the stored API rows, first 2026-01-10T00:05:00\.000Z/,
    );
  });

  it('inside the API window, defect slots come from the API, and an API page that disagrees with a stored file value is a conflict', async () => {
    const defects: ArchiveDefect[] = [
      { kind: 'blankValues', symbol: 'SOLUSDT', day: '2026-01-08', times: ['11:55', '12:05'] },
      { kind: 'apiMismatch', symbol: 'SOLUSDT', day: '2026-01-08', times: ['12:00'] },
      { kind: 'missing', symbol: 'SOLUSDT', day: '2026-01-09' },
    ];
    harness = await startHarness({ archiveDefects: defects });
    const h = harness;
    const range = { startMs: at('2026-01-08T00:05'), endMs: at('2026-01-10T00:05') };
    const result = await backfill(h, { symbols: ['SOLUSDT'], range });
    expect(result.gapsRemain).toBe(false);
    expect(result.archive).toMatchObject({ stored: 1, missing: 1, defectSlots: 2 });
    expect(result.slotsWrittenBySource).toEqual({ archive: 286, api: 2 + 288 });
    // One window from the first blank slot swallows the rest, the archive's own slots between them included.
    expect(result.requests).toBe(1);
    const noon = at('2026-01-08T12:00');
    expect(result.conflicts.map((c) => [c.slotMs, c.source, c.stored.extra?.['source']])).toEqual([
      [noon, 'api', 'archive'],
    ]);
    const rows = await readRows(h.dataDir, 'SOLUSDT', '5m', range);
    expect(rows).toHaveLength(2 * 288);
    const sourceAt = (iso: string) => rows.find((r) => r.slotMs === at(iso))?.extra?.['source'];
    expect([
      sourceAt('2026-01-08T11:55'),
      sourceAt('2026-01-08T12:00'),
      sourceAt('2026-01-09T06:00'),
    ]).toEqual(['api', 'archive', 'api']);
  });

  it('a day checked within recheckAfterMs keeps its recorded answer and is not asked again', async () => {
    harness = await startHarness({
      archiveDefects: [{ kind: 'missing', symbol: 'BTCUSDT', day: '2025-12-03' }],
    });
    const h = harness;
    const range = dayOf('2025-12-03');
    const first = await backfill(h, { symbols: ['BTCUSDT'], range });
    expect(first.archive.missing).toBe(1);
    await h.clock.sleep(HOUR_MS);
    const within = await backfill(h, {
      symbols: ['BTCUSDT'],
      range,
      archive: { client: h.archive, recheckAfterMs: 2 * HOUR_MS },
    });
    expect(within.archive.days).toBe(0);
    expect(within.unrecoverable.map((g) => g.detail)).toEqual([
      'beyond-api-retention and archive file missing',
    ]);
    const after = await backfill(h, {
      symbols: ['BTCUSDT'],
      range,
      archive: { client: h.archive, recheckAfterMs: HOUR_MS / 2 },
    });
    expect(after.archive).toMatchObject({ days: 1, missing: 1 });
  });

  it('a failed download is a gap for this run only (the API fills it inside its window); a store that cannot write stops the run', async () => {
    harness = await startHarness();
    const h = harness;
    const failing = new Set(['2025-12-05', '2026-01-08']);
    const reader = {
      fetchDay: (
        request: Parameters<typeof h.archive.fetchDay>[0],
        options?: Parameters<typeof h.archive.fetchDay>[1],
      ) =>
        failing.has(request.day)
          ? Promise.reject(new Error('connection reset'))
          : h.archive.fetchDay(request, options),
    };
    const range = { startMs: at('2025-12-05T00:05'), endMs: at('2025-12-06T00:05') };
    const window = { startMs: at('2026-01-08T00:05'), endMs: at('2026-01-09T00:05') };
    const events: CollectorEvent[] = [];
    const deep = await backfill(h, {
      symbols: ['BTCUSDT'],
      range,
      archive: { client: reader },
      onEvent: (e) => events.push(e),
    });
    expect(deep.archive).toMatchObject({ days: 1, failed: 1 });
    expect(deep.failedSymbols).toEqual(['BTCUSDT']);
    expect(deep.unrecoverable.map((g) => g.detail)).toEqual([
      'beyond-api-retention and archive download failed',
    ]);
    expect(events.find((e) => e.type === 'archive-day')).toMatchObject({
      outcome: 'failed',
      reason: 'connection reset',
    });
    expect((await readArchiveState(h.dataDir, 'BTCUSDT'))?.days['2025-12-05']).toBeUndefined();
    const recent = await backfill(h, { symbols: ['BTCUSDT'], range: window, archive: { client: reader } });
    expect(recent).toMatchObject({
      gapsRemain: false,
      requests: 1,
      slotsWrittenBySource: { api: 288, archive: 0 },
    });

    let merges = 0;
    const brokenStore = {
      merge: (...args: Parameters<typeof h.store.merge>) =>
        ++merges === 2 ? Promise.reject(new Error('ENOSPC')) : h.store.merge(...args),
    };
    const days = { startMs: at('2025-12-10T00:05'), endMs: at('2025-12-14T00:05') };
    await expect(
      backfill(h, {
        symbols: ['ETHUSDT'],
        range: days,
        store: brokenStore,
        archive: { client: h.archive, concurrency: 1 },
      }),
    ).rejects.toThrow('ENOSPC');
    expect(Object.keys((await readArchiveState(h.dataDir, 'ETHUSDT'))?.days ?? {})).toEqual(['2025-12-10']);
  });

  it("without an archive, or with source 'api', only the API is asked; 'archive' alone never asks it", async () => {
    harness = await startHarness();
    const h = harness;
    const nowMs = h.clock.now();
    const range = { startMs: nowMs - 2 * 86_400_000, endMs: nowMs };
    const archiveOnly = await backfill(h, { symbols: ['BTCUSDT'], range, source: 'archive' });
    expect(archiveOnly).toMatchObject({ source: 'archive', requests: 0, windows: 0 });
    expect(archiveOnly.archive.stored).toBe(2);
    expect(archiveOnly.remaining.map((g) => [g.fillableBy, g.reason, g.causes])).toEqual([
      ['none', 'no-source', [{ source: 'archive', cause: 'day-not-finished' }]],
    ]);
    expect(h.sim.counts().byService['api'] ?? 0).toBe(0);
    const rest = await backfill(h, { symbols: ['BTCUSDT'], range, source: 'api' });
    expect(rest).toMatchObject({ source: 'api', gapsRemain: false, archive: { days: 0 } });
    expect(rest.slotsWrittenBySource.archive).toBe(0);
    await expect(
      runBackfill({
        client: h.client,
        store: h.store,
        dataDir: h.dataDir,
        clock: h.clock,
        listings: h.listings,
        signal: new AbortController().signal,
        symbols: ['BTCUSDT'],
        range,
        source: 'archive',
      }),
    ).rejects.toMatchObject({ code: 'ARCHIVE_CLIENT_REQUIRED' });
  });
});
