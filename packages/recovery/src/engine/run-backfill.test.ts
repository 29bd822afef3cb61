import { join } from 'node:path';
import type { RequestLogEntry } from '@oi/binance-sim';
import { readRows } from '@oi/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { scanGaps } from '../gaps/scan-gaps.ts';
import { listIncompleteTasks, openTaskJournal, readTaskJournal } from '../journal/task-journal.ts';
import { readTree, spawnBackfillChild, startCrashRig } from '../test-support/child-backfill.ts';
import { type Harness, startHarness } from '../test-support/harness.ts';
import type { CollectorEvent } from './collector-event.ts';
import { type RunBackfillOptions, runBackfill } from './run-backfill.ts';

const SLOT_MS = 300_000;
const DAY_MS = 86_400_000;
let harness: Harness | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A backfill on the harness's client, store, directory, clock and listings, stopped only when asked. */
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
    ...options,
  });
}

const historyRequests = (log: readonly RequestLogEntry[]): RequestLogEntry[] =>
  log.filter((r) => r.path === '/futures/data/openInterestHist');

describe('runBackfill', () => {
  it('fills every 5m slot with the exchange rows in the fewest requests, and asks nothing twice', async () => {
    harness = await startHarness();
    const h = harness;
    const nowMs = h.clock.now();
    const range = { startMs: Math.floor((nowMs - 3 * DAY_MS) / SLOT_MS) * SLOT_MS, endMs: nowMs };
    const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
    const events: CollectorEvent[] = [];
    const result = await backfill(h, {
      symbols,
      range,
      onEvent: (e) => events.push(e),
    });
    const slots = Math.floor((nowMs - 15_000 - range.startMs) / SLOT_MS) + 1;
    expect(result).toMatchObject({
      windows: 3 * Math.ceil(slots / 500),
      slotsTotal: 3 * slots,
      slotsWritten: 3 * slots,
    });
    expect(result.unrecoverable).toEqual([]);
    const requests = historyRequests(h.sim.requests());
    expect(requests).toHaveLength(result.windows);
    for (const request of requests) {
      const startTime = Number(request.query['startTime']);
      const endTime = Number(request.query['endTime']);
      expect(endTime - startTime).toBeLessThan(500 * SLOT_MS);
      expect(request.query['period']).toBe('5m');
    }
    for (const symbol of symbols) {
      const rows = await readRows(h.dataDir, symbol, '5m', range);
      expect(rows).toHaveLength(slots);
      for (const row of rows) {
        const truth = h.sim.truth.historyRow(symbol, '5m', row.slotMs);
        expect(row.openInterest).toBe(truth?.sumOpenInterest);
        expect(row.openInterestValue).toBe(truth?.sumOpenInterestValue);
        expect(row.extra).toEqual({ CMCCirculatingSupply: truth?.CMCCirculatingSupply ?? '', source: 'api' });
      }
    }
    const progress = events.filter((e) => e.type === 'backfill-progress');
    expect(progress.at(-1)).toMatchObject({
      slotsDone: 3 * slots,
      slotsTotal: 3 * slots,
      requests: result.windows,
    });

    const again = await backfill(h, {
      symbols,
      range,
    });
    expect(again.windows).toBe(0);
    expect(historyRequests(h.sim.requests())).toHaveLength(result.windows);
  });

  it('starts a new listing at its onboard date and reports what retention no longer serves', async () => {
    harness = await startHarness();
    const h = harness;
    const nowMs = h.clock.now();
    const listing = h.sim.universe.find((s) => s.role === 'new-listing')!;
    const range = { startMs: nowMs - 40 * DAY_MS, endMs: nowMs };
    const result = await backfill(h, {
      symbols: [listing.symbol, 'BTCUSDT'],
      range,
    });
    const requests = historyRequests(h.sim.requests());
    const oldestAsked = Math.min(...requests.map((r) => Number(r.query['startTime'])));
    expect(oldestAsked).toBeGreaterThanOrEqual(nowMs - 30 * DAY_MS + 60 * 60_000);
    expect(
      Math.min(
        ...requests
          .filter((r) => r.query['symbol'] === listing.symbol)
          .map((r) => Number(r.query['startTime'])),
      ),
    ).toBe(Math.ceil(listing.onboardDateMs / SLOT_MS) * SLOT_MS);
    expect(result.unrecoverable.map((g) => [g.symbol, g.fillableBy, g.reason])).toEqual([
      ['BTCUSDT', 'none', 'beyond-api-retention'],
    ]);
    expect(result.gapsRemain).toBe(true);
    const [reportNew, reportBtc] = await scanGaps({
      dataDir: h.dataDir,
      symbols: [listing.symbol, 'BTCUSDT'],
      series: '5m',
      range,
      nowMs,
      listings: new Map([[listing.symbol, { onboardDateMs: listing.onboardDateMs }]]),
    });
    expect(reportNew).toMatchObject({ coveragePercent: 100, recoverableSlots: 0, unrecoverableSlots: 0 });
    expect(reportBtc?.recoverableSlots).toBe(0);
    expect(reportBtc?.unrecoverableSlots).toBe(result.unrecoverable[0]?.slots);
  });

  it('drops a symbol the listings lack before any request, and never asks for the listings', async () => {
    harness = await startHarness();
    const h = harness;
    const nowMs = h.clock.now();
    const events: CollectorEvent[] = [];
    const result = await backfill(h, {
      symbols: ['NOPEUSDT', 'BTCUSDT'],
      range: { startMs: nowMs - DAY_MS, endMs: nowMs },
      onEvent: (e) => events.push(e),
    });
    expect(events.filter((e) => e.type === 'symbol-dropped')).toEqual([
      {
        type: 'symbol-dropped',
        symbol: 'NOPEUSDT',
        reason: 'invalid-symbol',
        detail: 'not listed by exchangeInfo',
      },
    ]);
    expect(events.find((e) => e.type === 'backfill-start')).toMatchObject({ symbols: 1 });
    const asked = h.sim
      .requests()
      .filter((r) => r.query['symbol'] === 'NOPEUSDT' || r.path === '/fapi/v1/exchangeInfo');
    expect(asked).toEqual([]);
    expect(result.failedSymbols).toEqual([]);
    expect(result.slotsWritten).toBeGreaterThan(0);
  });

  it('resumes from the journal after a stop without asking for a finished page again', async () => {
    harness = await startHarness();
    const h = harness;
    const nowMs = h.clock.now();
    const range = { startMs: nowMs - 20 * DAY_MS, endMs: nowMs };
    const symbols = ['BTCUSDT', 'ETHUSDT'];
    const journal = await openTaskJournal({ dataDir: h.dataDir, nowMs: () => h.clock.now() });
    const task = await journal.begin({ type: 'backfill', symbols, range });
    const stop = new AbortController();
    let pages = 0;
    const first = await backfill(h, {
      symbols,
      range,
      task,
      signal: stop.signal,
      concurrency: 1,
      onEvent: (e) => {
        if (e.type === 'backfill-progress' && ++pages === 5) stop.abort();
      },
    });
    expect(first.interrupted).toBe(true);
    await task.finish('interrupted');
    const [saved] = await listIncompleteTasks(h.dataDir);
    expect(saved?.progress.requests).toBe(5);
    const firstLog = historyRequests(h.sim.requests());
    h.sim.clearLog();

    const resumed = await (await openTaskJournal({ dataDir: h.dataDir })).resume(saved!.id);
    const second = await backfill(h, {
      symbols,
      range,
      task: resumed,
    });
    await resumed.finish('done');
    expect(second.interrupted).toBe(false);
    const key = (r: RequestLogEntry) => `${r.query['symbol']}@${r.query['startTime']}`;
    const secondKeys = new Set(historyRequests(h.sim.requests()).map(key));
    expect(firstLog.filter((r) => secondKeys.has(key(r)))).toHaveLength(0);
    expect(firstLog.length + secondKeys.size).toBe(first.windows);
    const [report] = await scanGaps({ dataDir: h.dataDir, symbols, series: '5m', range, nowMs });
    expect(report?.recoverableSlots).toBe(0);
    expect((await readTaskJournal(h.dataDir))[0]?.status).toBe('done');
  });
});

describe('runBackfill killed with SIGKILL', () => {
  it('resumes to files byte-identical to an uninterrupted run, re-asking only the pages in flight', async () => {
    const rig = await startCrashRig();
    cleanups.push(rig.close);
    const { sim, killedDir: dirA, referenceDir: dirB } = rig;
    const nowMs = sim.serverTimeMs();
    const range = { startMs: nowMs - 12 * DAY_MS, endMs: nowMs - 60 * 60_000 };
    const symbols = ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'SOLUSDT', 'XRPUSDT', 'DOGEUSDT'];
    const args = (dir: string, mode: 'new' | 'resume') => rig.args(dir, mode, range, symbols);

    const done: string[] = [];
    const killed = await spawnBackfillChild(args(dirA, 'new'), (line, proc) => {
      done.push(line);
      if (done.length === 12) proc.kill('SIGKILL');
    });
    expect(killed).toBeNull();
    const beforeKill = historyRequests(sim.requests());
    expect((await listIncompleteTasks(dirA)).map((t) => t.status)).toEqual(['running']);
    sim.clearLog();
    await spawnBackfillChild(args(dirA, 'resume'));
    const afterResume = historyRequests(sim.requests());
    sim.clearLog();
    await spawnBackfillChild(args(dirB, 'new'));
    const reference = historyRequests(sim.requests());

    expect(beforeKill.length).toBeLessThan(reference.length);
    expect(afterResume.length).toBeGreaterThan(0);
    // A page is merged day file by day file, so the kill can leave the page in flight partly stored;
    // the resumed run then asks only for the rest of it. No finished page may be asked for again.
    const key = (r: RequestLogEntry) => `${r.query['symbol']}@${r.query['startTime']}`;
    const overlaps = (a: RequestLogEntry, b: RequestLogEntry) =>
      a.query['symbol'] === b.query['symbol'] &&
      Number(a.query['startTime']) <= Number(b.query['endTime']) &&
      Number(b.query['startTime']) <= Number(a.query['endTime']);
    const askedTwice = beforeKill.filter((before) => afterResume.some((after) => overlaps(before, after)));
    // Concurrency 2: at most the two pages in flight at the kill, never one reported done.
    expect(askedTwice.length).toBeLessThanOrEqual(2);
    const reportedDone = new Set(
      done
        .map((line) => JSON.parse(line) as { symbol: string; startMs: number })
        .map((p) => `${p.symbol}@${p.startMs}`),
    );
    for (const request of askedTwice) expect(reportedDone.has(key(request))).toBe(false);
    expect(beforeKill.length + afterResume.length).toBeLessThanOrEqual(
      reference.length + 2 * askedTwice.length,
    );

    const [resumedFiles, referenceFiles] = [
      await readTree(join(dirA, 'open_interest')),
      await readTree(join(dirB, 'open_interest')),
    ];
    expect([...resumedFiles.keys()].sort()).toEqual([...referenceFiles.keys()].sort());
    expect(resumedFiles.size).toBeGreaterThan(6 * 12);
    for (const [path, text] of referenceFiles) expect(resumedFiles.get(path), path).toBe(text);
    expect(await listIncompleteTasks(dirA)).toEqual([]);
  });
});
