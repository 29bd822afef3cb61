import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type ArchiveDefect,
  createScaledClock,
  type RequestLogEntry,
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from '@oi/binance-sim';
import { runOi } from '@oi/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, simulatorUrls, useTemporaryDirectory } from '../../test-support/e2e.ts';

// `oi backfill` with the public archive, as a child process against a simulator that serves the
// archive on its API listener. Both run on one scaled clock (the OI_TEST_CLOCK hook at 1x), so the
// days, the API's 30 days and the archive's publication follow the test's fixed start, not the date.

const SLOT_MS = 300_000;
const at = (iso: string): number => Date.parse(`${iso}Z`);

interface SharedClockSim {
  readonly sim: Simulator;
  readonly env: Readonly<Record<string, string>>;
}

/** A simulator on a 1x scaled clock from `originMs`, and the environment that puts `oi` on the same clock. */
function useSharedClockSim(
  originMs: number,
  archiveDefects: readonly ArchiveDefect[],
  market: Pick<SimulatorOptions, 'listings' | 'delistings'> = {},
): SharedClockSim {
  let state: SharedClockSim | undefined;
  beforeAll(async () => {
    const realOriginMs = Date.now();
    const clock = createScaledClock({ originMs, realOriginMs, speed: 1 });
    const sim = await startSimulator({ clock, seed: 21, archiveDefects: [...archiveDefects], ...market });
    state = { sim, env: { OI_TEST_CLOCK: `1:${originMs}:${realOriginMs}` } };
  });
  afterAll(async () => {
    await state?.sim.close();
  });
  return {
    get sim() {
      if (state === undefined) throw new Error('the simulator starts in beforeAll');
      return state.sim;
    },
    get env() {
      if (state === undefined) throw new Error('the simulator starts in beforeAll');
      return state.env;
    },
  };
}

/** History API requests per symbol in the simulator's log. */
function historyRequestsBySymbol(log: readonly RequestLogEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of log) {
    if (entry.endpoint !== 'openInterestHist') continue;
    const symbol = String(entry.query['symbol']);
    counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
  }
  return counts;
}

/** Every stored 5m row of a symbol: `[slotMs, openInterest, value, source]`, oldest first. */
async function storedRows(dataDir: string, symbol: string): Promise<[number, string, string, string][]> {
  const dir = join(dataDir, 'open_interest', symbol, '5m');
  const rows: [number, string, string, string][] = [];
  for (const name of (await readdir(dir)).sort()) {
    const lines = (await readFile(join(dir, name), 'utf8')).trim().split('\n');
    expect(lines[0]).toBe(
      'timestamp,datetime_utc,openInterest,sumOpenInterestValue,CMCCirculatingSupply,source',
    );
    for (const line of lines.slice(1)) {
      const fields = line.split(',');
      rows.push([Number(fields[0]), fields[2] ?? '', fields[3] ?? '', fields[5] ?? '']);
    }
  }
  return rows;
}

const slotsOf = (startMs: number, endMs: number): number[] =>
  Array.from({ length: (endMs - startMs) / SLOT_MS }, (_, i) => startMs + i * SLOT_MS);

// The simulator starts at 2026-01-15 12:00; the API keeps 2025-12-16 12:00 on. Defects older than
// that are gaps no source can fill; the two inside it are filled by the API.
const START_MS = at('2026-01-15T12:00');
const DAY_MS = 86_400_000;
// Listed 3 days before the run and delisted 10 days before it: slots outside their life are not gaps.
const NEW_LISTING = { symbol: 'FRESHUSDT', atMs: START_MS - 3 * DAY_MS };
const DELISTING = { symbol: 'DOGEUSDT', atMs: START_MS - 10 * DAY_MS };
const DEFECTS: ArchiveDefect[] = [
  { kind: 'missing', symbol: 'BTCUSDT', day: '2025-12-03' },
  { kind: 'partial', symbol: 'BTCUSDT', day: '2025-12-05', lastTime: '13:30' },
  { kind: 'conflictingDuplicates', symbol: 'BTCUSDT', day: '2025-12-09', times: ['12:00'] },
  { kind: 'checksumMismatch', symbol: 'ETHUSDT', day: '2025-12-04' },
  { kind: 'undecidableLabels', symbol: 'ETHUSDT', day: '2025-12-06', variant: 'shifted' },
  { kind: 'zeroOpenInterest', symbol: 'BNBUSDT', day: '2025-12-07', times: ['12:00', '12:05'] },
  { kind: 'blankValues', symbol: 'BNBUSDT', day: '2025-12-08', times: ['03:00'] },
  { kind: 'duplicateRows', symbol: 'BNBUSDT', day: '2025-12-10', times: ['12:00'] },
  { kind: 'missing', symbol: 'BTCUSDT', day: '2026-01-05' },
  { kind: 'checksumMismatch', symbol: 'ETHUSDT', day: '2026-01-08' },
];

/** The slots the old defects take away, with the archive's cause and the gap's detail. */
const ABSENT: readonly [symbol: string, from: string, to: string, cause: string, detail: string][] = [
  [
    'BTCUSDT',
    '2025-12-03T00:05',
    '2025-12-04T00:05',
    'file-missing',
    'beyond-api-retention and archive file missing',
  ],
  [
    'BTCUSDT',
    '2025-12-05T13:35',
    '2025-12-06T00:05',
    'missing-row',
    'beyond-api-retention and archive missing row',
  ],
  [
    'BTCUSDT',
    '2025-12-09T12:00',
    '2025-12-09T12:05',
    'conflicting-duplicate',
    'beyond-api-retention and archive conflicting duplicate',
  ],
  [
    'ETHUSDT',
    '2025-12-04T00:05',
    '2025-12-05T00:05',
    'checksum-mismatch',
    'beyond-api-retention and archive checksum mismatch',
  ],
  [
    'ETHUSDT',
    '2025-12-06T00:05',
    '2025-12-07T00:05',
    'undecidable-labels',
    'beyond-api-retention and archive undecidable labels',
  ],
  [
    'BNBUSDT',
    '2025-12-07T12:00',
    '2025-12-07T12:10',
    'zero-value',
    'beyond-api-retention and archive zero value',
  ],
  [
    'BNBUSDT',
    '2025-12-08T03:00',
    '2025-12-08T03:05',
    'blank-value',
    'beyond-api-retention and archive blank value',
  ],
];

/** The days the API filled, where the archive's file was missing or rejected. */
const API_DAYS: readonly [symbol: string, from: string, to: string][] = [
  ['BTCUSDT', '2026-01-05T00:05', '2026-01-06T00:05'],
  ['ETHUSDT', '2026-01-08T00:05', '2026-01-09T00:05'],
];

interface GapJson {
  symbol: string;
  series: string;
  range: { startMs: number; endMs: number };
  slots: number;
  fillableBy: string;
  reason: string;
  causes: { source: string; cause: string }[];
  detail: string;
}

describe('oi backfill with the public archive', () => {
  const deep = useSharedClockSim(START_MS, DEFECTS, { listings: [NEW_LISTING], delistings: [DELISTING] });
  const cwd = useTemporaryDirectory('oi-archive-e2e-');

  it('45 days of 7 symbols (one listed 3 days ago, one delisted 10 days ago) with every archive defect: exit 3, values exact, each defect a gap with its reason, at most 3 history requests a symbol', async () => {
    const { sim, env } = deep;
    const symbols = [
      'BTCUSDT',
      'ETHUSDT',
      'BNBUSDT',
      'SOLUSDT',
      'XRPUSDT',
      NEW_LISTING.symbol,
      DELISTING.symbol,
    ];
    const urls = simulatorUrls(sim.url);
    const range = ['--from', '2025-12-01', '--to', '2026-01-14'];
    const run = await runOi(
      ['backfill', '-S', ...symbols, ...range, '--data-dir', 'data', '--json', ...urls],
      {
        cwd: cwd.path,
        env,
        timeoutMs: 110_000,
      },
    );
    expect(run.code, run.stderr).toBe(3);
    const result = parseJson(run.stdout) as {
      source: string;
      slotsWrittenBySource: { api: number; archive: number };
      archive: { missing: number; rejected: number; failed: number };
      remaining: { missingSlots: number; recoverableSlots: number; unrecoverableSlots: number };
      gapReasons: { fillableBy: string; detail: string; slots: number }[];
      reports: { symbol: string; series: string; gaps: GapJson[] }[];
    };
    expect(result.source).toBe('auto');
    expect(result.archive).toMatchObject({ missing: 2, rejected: 3, failed: 0 });
    expect(result.slotsWrittenBySource.api).toBe(2 * 288);

    // Each old defect is one gap no source can fill, with the archive's reason; nothing else is missing.
    const gaps = result.reports.flatMap((report) => report.gaps);
    expect(
      gaps.map((g) => [g.symbol, g.series, g.range.startMs, g.range.endMs, g.fillableBy, g.detail]),
    ).toEqual(ABSENT.map(([symbol, from, to, , detail]) => [symbol, '5m', at(from), at(to), 'none', detail]));
    for (const [index, [, , , cause]] of ABSENT.entries()) {
      expect(gaps[index]).toMatchObject({ reason: 'beyond-api-retention' });
      expect(gaps[index]?.causes).toContainEqual({ source: 'archive', cause });
    }
    const absentSlots = ABSENT.reduce((sum, [, from, to]) => sum + (at(to) - at(from)) / SLOT_MS, 0);
    expect(result.remaining).toMatchObject({
      missingSlots: absentSlots,
      recoverableSlots: 0,
      unrecoverableSlots: absentSlots,
    });
    expect(result.gapReasons.reduce((sum, reason) => sum + reason.slots, 0)).toBe(absentSlots);
    expect(result.gapReasons).toContainEqual(
      expect.objectContaining({
        fillableBy: 'none',
        detail: 'beyond-api-retention and archive file missing',
        slots: 288,
      }),
    );

    // Every other slot of each symbol's life is stored once, in the canonical 5m form, from the
    // source the plan names: the new listing's from its first slot, the delisted one's to its last,
    // the snapshot at the delisting instant included (Binance serves it).
    const ceilToSlot = (ms: number): number => Math.ceil(ms / SLOT_MS) * SLOT_MS;
    const lifeOf = (symbol: string): [number, number] => [
      ceilToSlot(Math.max(at('2025-12-01T00:00'), symbol === NEW_LISTING.symbol ? NEW_LISTING.atMs : 0)),
      ceilToSlot(
        Math.min(at('2026-01-15T00:00'), symbol === DELISTING.symbol ? DELISTING.atMs + 1 : Infinity),
      ),
    ];
    for (const symbol of symbols) {
      const absent = new Set(
        ABSENT.filter(([s]) => s === symbol).flatMap(([, from, to]) => slotsOf(at(from), at(to))),
      );
      const fromApi = new Set(
        API_DAYS.filter(([s]) => s === symbol).flatMap(([, from, to]) => slotsOf(at(from), at(to))),
      );
      const rows = await storedRows(join(cwd.path, 'data'), symbol);
      const wanted = slotsOf(...lifeOf(symbol)).filter((slot) => !absent.has(slot));
      expect(
        rows.map(([slotMs]) => slotMs),
        symbol,
      ).toEqual(wanted);
      for (const [slotMs, openInterest, value, source] of rows) {
        const truth = sim.truth.historyValuesAt(symbol, slotMs);
        expect([openInterest, value], `${symbol} ${slotMs}`).toEqual([
          truth.sumOpenInterest,
          truth.sumOpenInterestValue,
        ]);
        expect(openInterest).toMatch(/^\d+\.\d{8}$/);
        expect(source, `${symbol} ${slotMs}`).toBe(fromApi.has(slotMs) ? 'api' : 'archive');
      }
    }

    const requests = historyRequestsBySymbol(sim.requests());
    for (const symbol of symbols) expect(requests.get(symbol) ?? 0, symbol).toBeLessThanOrEqual(3);
    // The delisted symbol's days are all finished: the archive gives all of them.
    expect(requests.get(DELISTING.symbol)).toBeUndefined();
    expect(requests.get('BTCUSDT')).toBeGreaterThanOrEqual(1);
    expect(requests.get('ETHUSDT')).toBeGreaterThanOrEqual(1);
  });

  it('oi gaps says per gap which source can fill it and why; oi stats counts rows by source', async () => {
    const { sim, env } = deep;
    const gapsOf = (extra: readonly string[]) =>
      runOi(
        [
          'gaps',
          '-S',
          'BTCUSDT',
          '--series',
          '5m',
          '--from',
          '2025-12-01',
          '--to',
          '2026-01-14',
          '--data-dir',
          'data',
          ...simulatorUrls(sim.url),
          ...extra,
        ],
        { cwd: cwd.path, env },
      );
    const text = await gapsOf([]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      /2025-12-03 00:05 \.\. 2025-12-04 00:05\s+288 slots\s+cannot be recovered \(beyond-api-retention and archive file missing\)/,
    );
    expect(text.stdout).toMatch(
      /2025-12-05 13:35 \.\. 2025-12-06 00:05\s+126 slots\s+cannot be recovered \(beyond-api-retention and archive missing row\)/,
    );
    // With the API alone the same slots are beyond its 30 days, and no archive cause is given.
    const apiOnly = await gapsOf(['--source', 'api', '--json']);
    const gaps = (parseJson(apiOnly.stdout) as { reports: { gaps: GapJson[] }[] }).reports.flatMap(
      (r) => r.gaps,
    );
    const btcAbsent = ABSENT.filter(([symbol]) => symbol === 'BTCUSDT');
    expect(gaps.map((g) => [g.range.startMs, g.fillableBy, g.reason, g.causes])).toEqual(
      btcAbsent.map(([, from]) => [
        at(from),
        'none',
        'beyond-api-retention',
        [{ source: 'api', cause: 'beyond-api-retention' }],
      ]),
    );

    const stats = await runOi(['stats', '-S', 'BTCUSDT', '--data-dir', 'data', '--json'], {
      cwd: cwd.path,
      env,
    });
    expect(stats.code, stats.stderr).toBe(0);
    const { sources } = parseJson(stats.stdout) as {
      sources: { series: string; source: string; rows: number }[];
    };
    const absentSlots = btcAbsent.reduce((sum, [, from, to]) => sum + (at(to) - at(from)) / SLOT_MS, 0);
    expect(sources.map(({ series, source, rows }) => [series, source, rows])).toEqual([
      ['5m', 'archive', 45 * 288 - absentSlots - 288],
      ['5m', 'api', 288],
    ]);
  });
});

describe('oi backfill across the archive label change of 2026-06-25', () => {
  const switchSim = useSharedClockSim(at('2026-07-03T12:00'), []);
  const cwd = useTemporaryDirectory('oi-archive-switch-');

  it('every slot of 2026-06-20 .. 2026-06-30 for two symbols, midnight slots included, equal to the API', async () => {
    const { sim, env } = switchSim;
    const run = await runOi(
      [
        'backfill',
        '-S',
        'BTCUSDT',
        'ETHUSDT',
        '--from',
        '2026-06-20',
        '--to',
        '2026-06-30',
        '--data-dir',
        'data',
        '--json',
        ...simulatorUrls(sim.url),
      ],
      { cwd: cwd.path, env },
    );
    expect(run.code, run.stderr).toBe(0);
    const result = parseJson(run.stdout) as { slotsWrittenBySource: { api: number; archive: number } };
    // 11 days of 288 slots, all from the archive: each day's 00:00 from the file of the day before.
    expect(result.slotsWrittenBySource).toEqual({ api: 0, archive: 2 * 11 * 288 });
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const rows = await storedRows(join(cwd.path, 'data'), symbol);
      expect(rows.map(([slotMs]) => slotMs)).toEqual(slotsOf(at('2026-06-20T00:00'), at('2026-07-01T00:00')));
      for (const [slotMs, openInterest, value] of rows) {
        // Inside the API's 30 days on this clock: the archive's value is the API's row, to the digit.
        const apiRow = sim.truth.historyRow(symbol, '5m', slotMs);
        expect([openInterest, value], `${symbol} ${new Date(slotMs).toISOString()}`).toEqual([
          apiRow?.sumOpenInterest,
          apiRow?.sumOpenInterestValue,
        ]);
      }
    }
    expect(historyRequestsBySymbol(sim.requests()).size).toBe(0);
  });
});
