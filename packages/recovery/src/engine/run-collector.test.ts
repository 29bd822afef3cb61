import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { readFile } from 'node:fs/promises';
import { batchSummaryPath, dayKeyOf, readRows } from '@oi/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { scanGaps } from '../gaps/scan-gaps.ts';
import { readTaskJournal } from '../journal/task-journal.ts';
import { type Harness, startHarness } from '../test-support/harness.ts';
import type { CollectorEvent } from './collector-event.ts';
import { readSymbolLifecycles } from './listings-state.ts';
import { type RunCollectorOptions, runCollector } from './run-collector.ts';

const MINUTE_MS = 60_000;
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function collect(h: Harness, options: Partial<RunCollectorOptions> & { symbols: readonly string[] }) {
  const events: CollectorEvent[] = [];
  const signal = options.signal ?? new AbortController().signal;
  const run = runCollector({
    client: h.client,
    store: h.store,
    dataDir: h.dataDir,
    clock: h.clock,
    listings: h.listings,
    ...options,
    signal,
    onEvent: (event) => events.push(event),
  });
  return { events, run };
}

describe('runCollector', () => {
  it('after 17 minutes stopped, records exactly those minutes as 1m gaps and refills their 5m slots', async () => {
    harness = await startHarness();
    const h = harness;
    const symbols = ['BTCUSDT', 'ETHUSDT'];
    const startMs = h.clock.now();
    const first = collect(h, { symbols, durationMs: 30 * MINUTE_MS });
    const firstResult = await first.run;
    expect(firstResult).toMatchObject({ stopReason: 'duration', ticks: 30, rows: 60, missedSlots: 0 });
    await h.store.close();
    const stoppedAtMs = h.clock.now();
    await h.clock.sleep(17 * MINUTE_MS);
    await h.reopenStore();
    const second = collect(h, { symbols, durationMs: 30 * MINUTE_MS });
    const secondResult = await second.run;
    expect(secondResult.ticks).toBe(30);

    const downtime = {
      startMs: Math.ceil(stoppedAtMs / MINUTE_MS) * MINUTE_MS,
      endMs: Math.ceil(stoppedAtMs / MINUTE_MS) * MINUTE_MS + 17 * MINUTE_MS,
    };
    const gapEvents = second.events.filter((e) => e.type === 'gap-recorded');
    expect(gapEvents).toEqual([
      { type: 'gap-recorded', series: '1m', symbols, range: downtime, slots: 17, reason: 'collector-down' },
    ]);
    const nowMs = h.clock.now();
    const reports = await scanGaps({
      dataDir: h.dataDir,
      symbols,
      series: ['1m', '5m'],
      range: {
        startMs: Math.ceil(startMs / MINUTE_MS) * MINUTE_MS,
        endMs: Math.floor(nowMs / MINUTE_MS) * MINUTE_MS,
      },
      nowMs,
    });
    for (const report of reports) {
      if (report.series === '1m') {
        expect(report.gaps.map((g) => [g.range, g.slots, g.fillableBy, g.reason])).toEqual([
          [downtime, 17, 'none', 'live-only'],
        ]);
        expect(report.unrecoverableSlots).toBe(17);
      } else {
        expect(report.gaps).toEqual([]);
        expect(report.coveragePercent).toBe(100);
      }
    }
    const journal = await readTaskJournal(h.dataDir);
    expect(journal.map((t) => [t.type, t.status])).toEqual([
      ['collect', 'done'],
      ['collect', 'done'],
    ]);
    const summary = (await readFile(batchSummaryPath(h.dataDir, dayKeyOf(startMs)), 'utf8'))
      .trim()
      .split('\n');
    expect(summary[0]).toBe(
      'time,duration_ms,symbols,succeeded,failed,failed_symbols,weight_used,interrupted',
    );
    // Ticks are stamped with their whole minute; patrol rounds with the instant they began.
    const tickRows = summary.slice(1).filter((line) => line.split(',')[0]!.endsWith(':00.000Z'));
    expect(tickRows).toHaveLength(60);
    expect(tickRows.every((line) => /^[^,]+,\d+,2,2,0,,\d+,false$/.test(line))).toBe(true);
    expect(summary.slice(1).every((line) => line.split(',').length === 8)).toBe(true);
  });

  it('ends a settled symbol without a live request, completes its history to its end, and drops an unknown one', async () => {
    harness = await startHarness();
    const h = harness;
    const delisted = h.listings.get('DELISTEDUSDT')!;
    const { events, run } = collect(h, {
      symbols: ['BTCUSDT', 'DELISTEDUSDT', 'NOPEUSDT'],
      durationMs: 10 * MINUTE_MS,
    });
    const result = await run;
    expect(events.filter((e) => e.type === 'symbol-dropped')).toEqual([
      {
        type: 'symbol-dropped',
        symbol: 'NOPEUSDT',
        reason: 'invalid-symbol',
        detail: 'not listed by exchangeInfo',
      },
    ]);
    expect(events.filter((e) => e.type === 'symbol-ended')).toEqual([
      {
        type: 'symbol-ended',
        symbol: 'DELISTEDUSDT',
        endMs: delisted.deliveryDateMs,
        detail: 'status SETTLING',
      },
    ]);
    expect([...result.droppedSymbols.keys()]).toEqual(['NOPEUSDT']);
    expect([...result.endedSymbols]).toEqual([['DELISTEDUSDT', delisted.deliveryDateMs]]);
    expect(h.sim.requests().filter((r) => r.query['symbol'] === 'NOPEUSDT')).toEqual([]);
    expect(
      h.sim
        .requests()
        .filter((r) => r.path === '/fapi/v1/openInterest' && r.query['symbol'] === 'DELISTEDUSDT'),
    ).toEqual([]);
    // The listings come from the caller: the collector never asks for them itself.
    expect(h.sim.requests().filter((r) => r.path === '/fapi/v1/exchangeInfo')).toEqual([]);
    expect(result.rows).toBe(10);
    expect(result.missedSlots).toBe(0);

    // Its history, which the API still serves, is patrolled up to its end, the snapshot taken at the
    // delisting instant included.
    const endMs = delisted.deliveryDateMs;
    const rows = await readRows(h.dataDir, 'DELISTEDUSDT', '5m', {
      startMs: endMs - 86_400_000,
      endMs: endMs + 86_400_000,
    });
    expect(rows.map((row) => row.slotMs)).toEqual(
      Array.from({ length: 289 }, (_, index) => endMs - 86_400_000 + index * 300_000),
    );
    expect(rows.at(-1)?.openInterest).toBe(
      h.sim.truth.historyRow('DELISTEDUSDT', '5m', endMs)?.sumOpenInterest,
    );
    const lifecycles = await readSymbolLifecycles(h.dataDir);
    expect(lifecycles.get('DELISTEDUSDT')).toMatchObject({
      market: 'um',
      status: 'SETTLING',
      listed: true,
      endedAtMs: endMs,
    });
    expect(lifecycles.get('BTCUSDT')).toMatchObject({ status: 'TRADING', listed: true });
    expect(lifecycles.get('BTCUSDT')?.endedAtMs).toBeUndefined();
    expect(lifecycles.has('NOPEUSDT')).toBe(false);
  });

  it('with historyOnly runs only the patrol, as a patrol task', async () => {
    harness = await startHarness();
    const h = harness;
    const { events, run } = collect(h, {
      symbols: ['BTCUSDT'],
      durationMs: 12 * MINUTE_MS,
      historyOnly: true,
    });
    const result = await run;
    expect(result).toMatchObject({ ticks: 0, rows: 0, patrolRounds: 3 });
    expect(h.sim.requests().filter((r) => r.path === '/fapi/v1/openInterest')).toEqual([]);
    expect(events.filter((e) => e.type === 'tick-start')).toEqual([]);
    const rounds = events.filter((e) => e.type === 'patrol-done');
    expect(rounds.map((e) => e.gapSlots)).toEqual([result.slotsWritten - 2, 1, 1]);
    expect((await readTaskJournal(h.dataDir)).map((t) => [t.type, t.status])).toEqual([['patrol', 'done']]);
  });

  it('reads coverage on this thread: a round that rereads the days the last one wrote starts no worker isolate', async () => {
    harness = await startHarness();
    const h = harness;
    let workersStarted = 0;
    const countWorker = (): void => {
      workersStarted += 1;
    };
    subscribe('worker_threads', countWorker);
    try {
      const { events, run } = collect(h, {
        symbols: ['BTCUSDT'],
        durationMs: 7 * MINUTE_MS,
        historyOnly: true,
      });
      const result = await run;
      // Round 1 wrote 31 day files, which round 2's coverage read found changed: enough for workers by default.
      expect(result.patrolRounds).toBe(2);
      expect(events.filter((e) => e.type === 'patrol-done').map((e) => e.gapSlots)).toEqual([
        result.slotsWritten - 1,
        1,
      ]);
      expect(workersStarted).toBe(0);
    } finally {
      unsubscribe('worker_threads', countWorker);
    }
  });

  it('with an archive, the patrol takes the finished days of its 30 days from the archive and the rest from the API', async () => {
    harness = await startHarness({
      archiveDefects: [{ kind: 'missing', symbol: 'ETHUSDT', day: '2026-01-05' }],
    });
    const h = harness;
    const symbols = ['BTCUSDT', 'ETHUSDT'];
    const { events, run } = collect(h, {
      symbols,
      durationMs: 12 * MINUTE_MS,
      historyOnly: true,
      archive: { client: h.archive },
    });
    const result = await run;
    expect(result.patrolRounds).toBe(3);
    const days = events.filter((e) => e.type === 'archive-day');
    // Only the first round asks the archive: 29 finished days (and the day the window's edge falls in).
    expect(new Set(days.map((e) => e.type === 'archive-day' && e.day)).size).toBe(days.length / 2);
    expect(days.filter((e) => e.type === 'archive-day' && e.outcome === 'missing')).toHaveLength(1);
    const history = h.sim.requests().filter((r) => r.path === '/futures/data/openInterestHist');
    // Round one: today's slots plus the missing day for ETHUSDT; then one page per symbol and round.
    expect(history.filter((r) => r.query['symbol'] === 'BTCUSDT')).toHaveLength(3);
    expect(history.filter((r) => r.query['symbol'] === 'ETHUSDT')).toHaveLength(4);
    const nowMs = h.clock.now();
    const reports = await scanGaps({
      dataDir: h.dataDir,
      symbols,
      series: '5m',
      range: { startMs: nowMs - 29 * 86_400_000, endMs: nowMs - MINUTE_MS },
      nowMs,
      source: 'auto',
    });
    expect(reports.map((r) => r.coveragePercent)).toEqual([100, 100]);
  });

  it('stops cleanly within 5 s of the signal, mid-patrol, and leaves the task interrupted', async () => {
    // 2 s per answer: the first patrol round (4 symbols x 18 pages, 2 at a time) outlasts the first tick.
    harness = await startHarness({ latency: { baseMs: 2000, jitterMs: 0 } });
    const h = harness;
    const stop = new AbortController();
    let abortedAtReal = 0;
    let pages = 0;
    const events: CollectorEvent[] = [];
    const result = await runCollector({
      client: h.client,
      store: h.store,
      dataDir: h.dataDir,
      clock: h.clock,
      listings: h.listings,
      symbols: ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'SOLUSDT'],
      signal: stop.signal,
      onEvent: (event) => {
        events.push(event);
        if (event.type === 'backfill-progress' && ++pages === 50) {
          abortedAtReal = performance.now();
          stop.abort(new Error('SIGTERM'));
        }
      },
    });
    const stopRealMs = performance.now() - abortedAtReal;
    expect(stopRealMs).toBeLessThan(5000);
    expect(result.stopReason).toBe('signal');
    expect(result.ticks).toBeGreaterThanOrEqual(1);
    expect(events.filter((e) => e.type === 'patrol-done')).toMatchObject([{ interrupted: true }]);
    expect((await readTaskJournal(h.dataDir)).map((t) => t.status)).toEqual(['interrupted']);
  });
});
