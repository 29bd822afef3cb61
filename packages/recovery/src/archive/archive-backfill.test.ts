import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArchiveDefect, RequestLogEntry } from '@oi/binance-sim';
import { dayFilePath, dayKeysInRange, openStore, readRows } from '@oi/storage';
import { afterEach, describe, expect, it } from 'vitest';
import type { CollectorEvent } from '../engine/collector-event.ts';
import { type RunBackfillOptions, runBackfill } from '../engine/run-backfill.ts';
import { scanGaps } from '../gaps/scan-gaps.ts';
import { expectedSlots } from '../grid/slot-grid.ts';
import { type Harness, startHarness } from '../test-support/harness.ts';
import { readArchiveState } from './archive-state.ts';

const SLOT_MS = 300_000;
const DAY_MS = 86_400_000;
const at = (iso: string): number => Date.parse(`${iso}Z`);
let harness: Harness | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A backfill with the harness's archive, stopped only when asked. */
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

/** History API requests per symbol. */
function historyRequestsBySymbol(log: readonly RequestLogEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of log) {
    if (entry.path !== '/futures/data/openInterestHist') continue;
    const symbol = String(entry.query['symbol']);
    counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
  }
  return counts;
}

const slotsOf = (startMs: number, endMs: number): number[] =>
  Array.from({ length: (endMs - startMs) / SLOT_MS }, (_, i) => startMs + i * SLOT_MS);

// Every defect kind, each on a day more than 30 days before the harness's start (2026-01-15 12:00).
const DEFECTS: ArchiveDefect[] = [
  { kind: 'missing', symbol: 'BTCUSDT', day: '2025-12-03' },
  { kind: 'partial', symbol: 'BTCUSDT', day: '2025-12-05', lastTime: '13:30' },
  { kind: 'checksumMismatch', symbol: 'ETHUSDT', day: '2025-12-04' },
  { kind: 'undecidableLabels', symbol: 'ETHUSDT', day: '2025-12-06', variant: 'shifted' },
  { kind: 'zeroOpenInterest', symbol: 'BNBUSDT', day: '2025-12-07', times: ['12:00', '12:05'] },
  { kind: 'blankValues', symbol: 'BNBUSDT', day: '2025-12-08', times: ['03:00'] },
  { kind: 'conflictingDuplicates', symbol: 'SOLUSDT', day: '2025-12-09', times: ['12:00'] },
  { kind: 'duplicateRows', symbol: 'XRPUSDT', day: '2025-12-10', times: ['12:00'] },
  { kind: 'undecidableLabels', symbol: 'XRPUSDT', day: '2025-12-11', variant: 'mixed' },
];

/** The slots each defect takes away, and the gap detail that reports them. */
const ABSENT: readonly [symbol: string, from: string, to: string, detail: string][] = [
  ['BTCUSDT', '2025-12-03T00:05', '2025-12-04T00:05', 'beyond-api-retention and archive file missing'],
  ['BTCUSDT', '2025-12-05T13:35', '2025-12-06T00:05', 'beyond-api-retention and archive missing row'],
  ['ETHUSDT', '2025-12-04T00:05', '2025-12-05T00:05', 'beyond-api-retention and archive checksum mismatch'],
  ['ETHUSDT', '2025-12-06T00:05', '2025-12-07T00:05', 'beyond-api-retention and archive undecidable labels'],
  ['BNBUSDT', '2025-12-07T12:00', '2025-12-07T12:10', 'beyond-api-retention and archive zero value'],
  ['BNBUSDT', '2025-12-08T03:00', '2025-12-08T03:05', 'beyond-api-retention and archive blank value'],
  [
    'SOLUSDT',
    '2025-12-09T12:00',
    '2025-12-09T12:05',
    'beyond-api-retention and archive conflicting duplicate',
  ],
  ['XRPUSDT', '2025-12-11T00:05', '2025-12-12T00:05', 'beyond-api-retention and archive undecidable labels'],
];

describe('runBackfill with the archive', () => {
  it('45 days of 7 symbols: every servable slot once and exact, every defect a gap with its reason, at most 3 API requests a symbol', async () => {
    const startMs = Date.UTC(2026, 0, 15, 12, 0, 20);
    const newListing = 'FRESHUSDT';
    const delisted = 'DOGEUSDT';
    harness = await startHarness({
      startMs,
      archiveDefects: DEFECTS,
      listings: [{ symbol: newListing, atMs: startMs - 3 * DAY_MS }],
      delistings: [{ symbol: delisted, atMs: startMs - 10 * DAY_MS }],
    });
    const h = harness;
    const nowMs = h.clock.now();
    const todayMs = Math.floor(nowMs / DAY_MS) * DAY_MS;
    const symbols = ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'SOLUSDT', 'XRPUSDT', newListing, delisted];
    const range = { startMs: at('2025-12-01T00:00'), endMs: nowMs };
    const events: CollectorEvent[] = [];
    const result = await backfill(h, { symbols, range, onEvent: (e) => events.push(e) });

    for (const symbol of symbols) {
      const [expected] = expectedSlots('5m', range, h.listings.get(symbol));
      const absent = new Set(
        ABSENT.filter(([s]) => s === symbol).flatMap(([, from, to]) => slotsOf(at(from), at(to))),
      );
      const servable = slotsOf(expected!.startMs, expected!.endMs).filter((slot) => !absent.has(slot));
      const rows = await readRows(h.dataDir, symbol, '5m', range);
      expect(
        rows.map((row) => row.slotMs),
        symbol,
      ).toEqual(servable);
      for (const row of rows) {
        const truth = h.sim.truth.historyValuesAt(symbol, row.slotMs);
        expect([row.openInterest, row.openInterestValue]).toEqual([
          truth.sumOpenInterest,
          truth.sumOpenInterestValue,
        ]);
        expect(row.extra?.['source']).toBe(row.slotMs <= todayMs ? 'archive' : 'api');
      }
    }

    expect(
      result.unrecoverable.map((g) => [g.symbol, g.range.startMs, g.range.endMs, g.fillableBy, g.detail]),
    ).toEqual(ABSENT.map(([symbol, from, to, detail]) => [symbol, at(from), at(to), 'none', detail]));
    expect(result.remaining).toEqual(result.unrecoverable);
    expect(result.gapsRemain).toBe(true);
    expect(result.conflicts).toEqual([]);
    expect(result.archive).toMatchObject({
      missing: 1,
      rejected: 3,
      failed: 0,
      disagreeing: 0,
      reuploads: 0,
    });
    expect(result.archive.stored).toBe(result.archive.days - 4);
    expect(result.slotsWrittenBySource.archive).toBe(result.archive.slotsWritten);
    expect(events.filter((e) => e.type === 'archive-day')).toHaveLength(result.archive.days);
    expect(events.find((e) => e.type === 'backfill-done')).toMatchObject({ gapsRemain: true });

    const requests = historyRequestsBySymbol(h.sim.requests());
    for (const symbol of symbols) expect(requests.get(symbol) ?? 0, symbol).toBeLessThanOrEqual(3);
    expect(requests.get(delisted)).toBeUndefined();
    expect(h.sim.counts().byService['archive']).toBeGreaterThan(2 * result.archive.days - 1);

    const eth = await readArchiveState(h.dataDir, 'ETHUSDT');
    expect(eth?.days['2025-12-04']).toMatchObject({ outcome: 'rejected', reason: 'checksum-mismatch' });
    expect(eth?.days['2025-12-04']?.file?.sha256).toMatch(/^[0-9a-f]{64}$/);
    const bnb = await readArchiveState(h.dataDir, 'BNBUSDT');
    expect(bnb?.days['2025-12-07']).toMatchObject({
      outcome: 'stored',
      convention: 'end-of-period',
      defects: [{ startMs: at('2025-12-07T12:00'), endMs: at('2025-12-07T12:10'), reason: 'zero-value' }],
    });
    expect((await readArchiveState(h.dataDir, 'BTCUSDT'))?.days['2025-12-03']?.outcome).toBe('missing');

    // `oi gaps` reads the same reasons back from the archive state.
    const reports = await scanGaps({
      dataDir: h.dataDir,
      symbols,
      series: '5m',
      range,
      nowMs,
      listings: h.listings,
      source: 'auto',
    });
    expect(reports.flatMap((r) => r.gaps.map((g) => [g.symbol, g.range.startMs, g.detail]))).toEqual(
      ABSENT.map(([symbol, from, , detail]) => [symbol, at(from), detail]),
    );
    expect(reports.every((r) => r.recoverableSlots === 0)).toBe(true);

    // Again: only the defective days are asked again, and nothing is written twice.
    const again = await backfill(h, { symbols, range });
    expect(again.archive.days).toBe(DEFECTS.length - 1);
    expect(again.archive.slotsWritten).toBe(0);
    for (const symbol of symbols) {
      const slots = (await readRows(h.dataDir, symbol, '5m', range)).map((row) => row.slotMs);
      expect(new Set(slots).size).toBe(slots.length);
    }
  });

  it('from 2020-09-01 on: the archive starts at its first file; what lies before is a gap that says so', async () => {
    harness = await startHarness({ startMs: Date.UTC(2020, 9, 15, 12, 0, 20) });
    const h = harness;
    expect(h.listings.get('BTCUSDT')!.onboardDateMs).toBeLessThan(at('2020-08-25T00:00'));
    const range = { startMs: at('2020-08-25T00:00'), endMs: at('2020-09-05T00:00') };
    const result = await backfill(h, { symbols: ['BTCUSDT'], range });
    const asked = h.sim
      .requests()
      .filter((r) => r.service === 'archive' && r.path.endsWith('.zip'))
      .map((r) => r.path.slice(-14, -4));
    expect(asked.sort()).toEqual(['2020-09-01', '2020-09-02', '2020-09-03', '2020-09-04']);
    expect(result).toMatchObject({ requests: 0, archive: { stored: 4, missing: 0 } });
    expect(result.unrecoverable.map((g) => [g.range, g.detail])).toEqual([
      [
        { startMs: range.startMs, endMs: at('2020-09-01T00:05') },
        'beyond-api-retention and archive before first file',
      ],
    ]);
    const rows = await readRows(h.dataDir, 'BTCUSDT', '5m', range);
    expect(rows).toHaveLength(4 * 288 - 1);
    expect(rows[0]?.slotMs).toBe(at('2020-09-01T00:05'));
  });

  it('across 2026-06-25: every slot of 2026-06-20 .. 2026-06-30, 00:00 included, from the archive, byte-identical to the API', async () => {
    harness = await startHarness({ startMs: Date.UTC(2026, 6, 5, 12, 0, 20) });
    const h = harness;
    const symbols = ['BTCUSDT', 'ETHUSDT'];
    const range = { startMs: at('2026-06-20T00:00'), endMs: at('2026-07-01T00:00') };
    const result = await backfill(h, { symbols, range });
    expect(result).toMatchObject({ requests: 0, gapsRemain: false, slotsWritten: 2 * 11 * 288 });
    expect(historyRequestsBySymbol(h.sim.requests()).size).toBe(0);
    for (const symbol of symbols) {
      for (const day of dayKeysInRange(range)) {
        const dayStart = at(`${day}T00:00`);
        const rows = await readRows(h.dataDir, symbol, '5m', {
          startMs: dayStart,
          endMs: dayStart + 86_400_000,
        });
        expect(
          rows.map((r) => r.slotMs),
          `${symbol} ${day}`,
        ).toEqual(slotsOf(dayStart, dayStart + 86_400_000));
        for (const row of rows) {
          const truth = h.sim.truth.historyValuesAt(symbol, row.slotMs);
          expect([row.openInterest, row.openInterestValue, row.extra?.['source']]).toEqual([
            truth.sumOpenInterest,
            truth.sumOpenInterestValue,
            'archive',
          ]);
        }
      }
      const state = await readArchiveState(h.dataDir, symbol);
      expect(state?.days['2026-06-24']?.convention).toBe('end-of-period');
      expect(state?.days['2026-06-25']?.convention).toBe('start-of-period');
    }

    // The same days from the API alone: the value columns are the same bytes.
    const apiDir = await mkdtemp(join(tmpdir(), 'oi-recovery-api-'));
    const apiStore = await openStore({ dataDir: apiDir, now: () => h.clock.now() });
    cleanups.push(async () => {
      await apiStore.close();
      await rm(apiDir, { recursive: true, force: true });
    });
    const fromApi = await runBackfill({
      client: h.client,
      store: apiStore,
      dataDir: apiDir,
      clock: h.clock,
      listings: h.listings,
      signal: new AbortController().signal,
      symbols,
      range,
    });
    expect(fromApi).toMatchObject({ source: 'api', gapsRemain: false });
    const valueColumns = (text: string) =>
      text
        .split('\n')
        .map((line) => line.split(',').slice(0, 4).join(','))
        .join('\n');
    for (const symbol of symbols) {
      for (const day of dayKeysInRange(range)) {
        const archived = await readFile(dayFilePath(h.dataDir, symbol, '5m', day), 'utf8');
        const fetched = await readFile(dayFilePath(apiDir, symbol, '5m', day), 'utf8');
        expect(valueColumns(archived)).toBe(valueColumns(fetched));
      }
    }
  });
});
