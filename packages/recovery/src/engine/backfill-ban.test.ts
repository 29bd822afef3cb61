import type { RequestLogEntry } from '@oi/binance-sim';
import { IpBannedError } from '@oi/retry';
import { afterEach, describe, expect, it } from 'vitest';
import { scanGaps } from '../gaps/scan-gaps.ts';
import { listIncompleteTasks, openTaskJournal } from '../journal/task-journal.ts';
import { type Harness, startHarness } from '../test-support/harness.ts';
import type { CollectorEvent } from './collector-event.ts';
import { runBackfill } from './run-backfill.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const historyRequests = (log: readonly RequestLogEntry[]): RequestLogEntry[] =>
  log.filter((r) => r.path === '/futures/data/openInterestHist');

describe('runBackfill under a ban longer than the client waits out', () => {
  it('stops with IpBannedError instead of marking symbols failed, and resumes later without re-asking', async () => {
    harness = await startHarness();
    const h = harness;
    const nowMs = h.clock.now();
    const range = { startMs: nowMs - 20 * DAY_MS, endMs: nowMs };
    const symbols = ['BTCUSDT', 'ETHUSDT'];
    const journal = await openTaskJournal({ dataDir: h.dataDir, nowMs: () => h.clock.now() });
    const task = await journal.begin({ type: 'backfill', symbols, range });
    const events: CollectorEvent[] = [];
    let pages = 0;
    const stopped = await runBackfill({
      client: h.client,
      store: h.store,
      dataDir: h.dataDir,
      clock: h.clock,
      listings: h.listings,
      signal: new AbortController().signal,
      symbols,
      range,
      task,
      concurrency: 1,
      onEvent: (event) => {
        events.push(event);
        // Two hours: far beyond the client's 15-minute maxBanWaitMs.
        if (event.type === 'backfill-progress' && ++pages === 3)
          h.sim.forceResponses({ status: 418, bannedForMs: 2 * HOUR_MS });
      },
    }).catch((error: unknown) => error);

    expect(stopped).toBeInstanceOf(IpBannedError);
    expect(stopped).toMatchObject({ code: 'IP_BANNED' });
    expect((stopped as IpBannedError).bannedUntilMs).toBeGreaterThan(h.clock.now() + HOUR_MS);
    expect(events.filter((e) => e.type === 'backfill-window-failed')).toEqual([]);
    // The banned page was the last request: nothing was sent while the ban lasts.
    const firstLog = historyRequests(h.sim.requests());
    expect(firstLog.map((r) => r.status)).toEqual([200, 200, 200, 418]);
    await task.finish('interrupted');
    const [saved] = await listIncompleteTasks(h.dataDir);
    expect(saved?.progress.requests).toBe(3);

    await h.clock.sleep(2 * HOUR_MS);
    h.sim.clearLog();
    const resumed = await (await openTaskJournal({ dataDir: h.dataDir })).resume(saved!.id);
    const done = await runBackfill({
      client: h.client,
      store: h.store,
      dataDir: h.dataDir,
      clock: h.clock,
      listings: h.listings,
      signal: new AbortController().signal,
      symbols,
      range,
      task: resumed,
    });
    await resumed.finish('done');
    expect(done.failedSymbols).toEqual([]);
    const key = (r: RequestLogEntry) => `${r.query['symbol']}@${r.query['startTime']}`;
    const answered = new Set(firstLog.filter((r) => r.status === 200).map(key));
    expect(historyRequests(h.sim.requests()).filter((r) => answered.has(key(r)))).toEqual([]);
    const reports = await scanGaps({ dataDir: h.dataDir, symbols, series: '5m', range, nowMs });
    for (const report of reports) expect(report.recoverableSlots).toBe(0);
  });
});
