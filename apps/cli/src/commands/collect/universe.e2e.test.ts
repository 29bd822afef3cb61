import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createScaledClock, type FuturesMarket, startSimulator } from '@oi/binance-sim';
import { runOi } from '@oi/test-support';
import { expect, it } from 'vitest';
import { parseJson, simulatorUrls, useTemporaryDirectory } from '../../test-support/e2e.ts';

// `oi collect --market all --symbols all --contracts all` on a scaled clock (20x, shared with its
// simulator through OI_TEST_CLOCK) across a listing, two delistings and a quarterly delivery of both
// markets: the universe follows the exchange's listings, re-read every 5 minutes.

const SPEED = 20;
const MINUTE_MS = 60_000;
/** 9 virtual minutes before the quarterly delivery of Friday 2026-12-25 08:00 UTC. */
const ORIGIN_MS = Date.UTC(2026, 11, 25, 7, 51, 10);
const RUN = '13m';
const LISTED = { symbol: 'FRESHUSDT', atMs: ORIGIN_MS + 110_000 };
const DELISTED = [
  { symbol: 'SOLUSDT', atMs: Date.UTC(2026, 11, 25, 7, 55) },
  { symbol: 'ADAUSD_PERP', atMs: Date.UTC(2026, 11, 25, 7, 54) },
];
const work = useTemporaryDirectory('oi-universe-');

/** The 1m slots stored for a symbol. */
async function storedMinutes(dataDir: string, symbol: string): Promise<number[]> {
  const folder = join(dataDir, 'open_interest', symbol, '1m');
  const files = await readdir(folder).catch(() => []);
  const slots: number[] = [];
  for (const file of files.sort()) {
    const lines = (await readFile(join(folder, file), 'utf8')).trim().split('\n').slice(1);
    slots.push(...lines.map((line) => Number(line.split(',')[0])));
  }
  return slots;
}

/** Symbol-minutes the batch summary records as failed (late or refused), as `SYMBOL@slot`. */
async function recordedFailures(dataDir: string): Promise<Set<string>> {
  const failed = new Set<string>();
  for (const file of await readdir(join(dataDir, 'logs'))) {
    if (!file.startsWith('batch_summary-')) continue;
    for (const line of (await readFile(join(dataDir, 'logs', file), 'utf8')).trim().split('\n').slice(1)) {
      const [time = '', , , , , symbols = ''] = line.split(',');
      const slot = Math.floor(Date.parse(time) / MINUTE_MS) * MINUTE_MS;
      for (const symbol of symbols.split(/[ ;|]/).filter(Boolean)) failed.add(`${symbol}@${slot}`);
    }
  }
  return failed;
}

it('collect --market all --symbols all follows a listing, delistings and a quarterly delivery', async () => {
  const realOriginMs = Date.now();
  const clock = createScaledClock({ originMs: ORIGIN_MS, realOriginMs, speed: SPEED });
  const sim = await startSimulator({ clock, seed: 21, listings: [LISTED], delistings: DELISTED });
  try {
    const markets: FuturesMarket[] = ['um', 'cm'];
    const tradingAt = (timeMs: number) =>
      markets.flatMap((market) =>
        sim.truth
          .listedSymbolsAt(market, timeMs)
          .filter((s) => sim.truth.symbolStateAt(s, timeMs).status === 'TRADING'),
      );
    const atStart = tradingAt(ORIGIN_MS);
    const run = await runOi(
      [
        'collect',
        '--market',
        'all',
        '--symbols',
        'all',
        '--contracts',
        'all',
        '--source',
        'api',
        '--hours',
        RUN,
        '--data-dir',
        'data',
        '--json',
        ...simulatorUrls(sim.url),
      ],
      { cwd: work.path, env: { OI_TEST_CLOCK: `${SPEED}:${ORIGIN_MS}:${realOriginMs}` }, timeoutMs: 180_000 },
    );
    expect(run.code, run.stderr).toBe(0);
    const endMs = clock.now();
    const result = parseJson(run.stdout) as { markets: { market: string }[] };
    expect(result.markets.map((each) => each.market)).toEqual(['um', 'cm']);
    const dataDir = join(work.path, 'data');
    const failures = await recordedFailures(dataDir);

    // Which symbols ended, and when: the first minute the exchange no longer has them trading.
    const ended = new Map<string, number>();
    for (const symbol of atStart) {
      for (
        let minuteMs = Math.ceil(ORIGIN_MS / MINUTE_MS) * MINUTE_MS;
        minuteMs < endMs;
        minuteMs += MINUTE_MS
      ) {
        if (sim.truth.symbolStateAt(symbol, minuteMs).status !== 'TRADING') {
          ended.set(symbol, minuteMs);
          break;
        }
      }
    }
    expect([...ended.keys()].sort()).toEqual(
      expect.arrayContaining(['ADAUSD_PERP', 'BTCUSD_261225', 'ETHUSD_261225', 'SOLUSDT']),
    );
    expect([...ended.keys()].some((symbol) => /^BTCUSDT_\d{6}$/.test(symbol))).toBe(true);

    // Ended symbols: no live request from their end on, no failure counted, no row after the end.
    const liveRequests = sim.requests().filter((r) => r.path.endsWith('/openInterest'));
    for (const [symbol, endMinuteMs] of ended) {
      const after = liveRequests.filter((r) => r.query['symbol'] === symbol && r.timeMs >= endMinuteMs);
      expect({ symbol, requestsAfterEnd: after.length }).toEqual({ symbol, requestsAfterEnd: 0 });
      expect((await storedMinutes(dataDir, symbol)).filter((slot) => slot >= endMinuteMs)).toEqual([]);
      const failedAfterEnd = [...failures].filter(
        (entry) => entry.startsWith(`${symbol}@`) && Number(entry.split('@')[1]) >= endMinuteMs,
      );
      expect(failedAfterEnd).toEqual([]);
    }
    expect(run.stderr).toMatch(/SOLUSDT ended at /);
    // Offline, stats and gaps show them as ended, not as failing.
    const stats = await runOi(['stats', '--data-dir', 'data', '--json'], { cwd: work.path });
    const shown = (parseJson(stats.stdout)['ended'] as { symbol: string }[]).map((entry) => entry.symbol);
    expect(shown).toEqual(expect.arrayContaining(['ADAUSD_PERP', 'SOLUSDT']));
    const gaps = await runOi(['gaps', '-S', 'SOLUSDT,ADAUSD_PERP', '--series', '1m', '--data-dir', 'data'], {
      cwd: work.path,
      env: { OI_TEST_CLOCK: `${SPEED}:${ORIGIN_MS}:${realOriginMs}` },
    });
    expect(gaps.stdout).toMatch(
      /ended, nothing expected after: ADAUSD_PERP \(DELIVERING, [^)]*\), SOLUSDT \(SETTLING/,
    );

    // The listing: collected from the first whole minute after the listings read that showed it.
    const listed = /FRESHUSDT listed \(onboard [^)]*\): collected from (\S+),/.exec(run.stderr);
    expect(listed, run.stderr).not.toBeNull();
    const fromMs = Date.parse(listed?.[1] ?? '');
    expect(fromMs).toBeGreaterThan(LISTED.atMs);
    expect(fromMs).toBeLessThanOrEqual(LISTED.atMs + 6 * MINUTE_MS);
    const fresh = await storedMinutes(dataDir, 'FRESHUSDT');
    expect(fresh[0]).toBe(fromMs);

    // Every other minute of every symbol live throughout is stored, or recorded as missed, from its
    // market's first tick (each market's collector starts on its own).
    const lastMinuteMs = Math.floor(endMs / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
    const always = atStart.filter((symbol) => !ended.has(symbol));
    expect(always).toEqual(expect.arrayContaining(['BTCUSDT', 'BTCUSD_PERP', 'BTCUSD_270326']));
    const firstTickMs = new Map<boolean, number>();
    for (const symbol of always) {
      const coinM = symbol.includes('USD_');
      const first = Math.min(...(await storedMinutes(dataDir, symbol)));
      firstTickMs.set(coinM, Math.min(firstTickMs.get(coinM) ?? first, first));
    }
    let checked = 0;
    for (const symbol of [...always, 'FRESHUSDT']) {
      const stored = new Set(await storedMinutes(dataDir, symbol));
      const from = symbol === 'FRESHUSDT' ? fromMs : (firstTickMs.get(symbol.includes('USD_')) ?? 0);
      for (let minuteMs = from; minuteMs < lastMinuteMs; minuteMs += MINUTE_MS) {
        checked += 1;
        if (!stored.has(minuteMs))
          expect(failures.has(`${symbol}@${minuteMs}`), `${symbol} ${minuteMs}`).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(always.length * 8);
  } finally {
    await sim.close();
  }
}, 240_000);
