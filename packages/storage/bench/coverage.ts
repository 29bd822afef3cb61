// Coverage benchmark: 500 symbols x 30 days x (1m + 5m) day files in a temporary directory, then
// coverage() for every symbol and series over the 30 days, first without the summary cache (cold:
// every CSV is parsed) and then with it (warm). Prints one JSON object.
// Run: node --conditions=@oi/source bench/coverage.ts [--symbols 500] [--days 30] [--keep] [--data DIR]
// --data reuses (or first fills) DIR, so repeated runs skip writing the files; the summary cache is
// removed before the cold pass either way.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DayRow } from '../src/format/day-row.ts';
import { formatDayFile } from '../src/format/format-day-file.ts';
import {
  ALL_SERIES,
  collectStats,
  coverage,
  DAY_MS,
  dayFilePath,
  dayKeyOf,
  SERIES_COLUMNS,
  SERIES_SLOT_MS,
} from '../src/index.ts';

const { values } = parseArgs({
  options: {
    symbols: { type: 'string', default: '500' },
    days: { type: 'string', default: '30' },
    keep: { type: 'boolean', default: false },
    data: { type: 'string' },
  },
});
const symbolCount = Number(values.symbols);
const dayCount = Number(values.days);
const firstDayMs = Date.UTC(2026, 9, 1);
const range = { startMs: firstDayMs, endMs: firstDayMs + dayCount * DAY_MS };
const symbols = Array.from({ length: symbolCount }, (_, index) => `S${String(index).padStart(3, '0')}USDT`);

const dataDir = values.data ?? (await mkdtemp(join(tmpdir(), 'oi-bench-coverage-')));
const completeMarker = join(dataDir, 'bench-complete.json');
interface BenchMarker {
  readonly symbols: number;
  readonly days: number;
  readonly files: number;
  readonly bytes: number;
}
const reuse = values.data !== undefined && existsSync(completeMarker);
try {
  let seed = 42;
  const random = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const generateStart = performance.now();
  let files = 0;
  let bytes = 0;
  if (reuse) {
    const saved = JSON.parse(await readFile(completeMarker, 'utf8')) as BenchMarker;
    if (saved.symbols !== symbolCount || saved.days !== dayCount) {
      throw new Error(`${dataDir} holds ${saved.symbols} symbols x ${saved.days} days`);
    }
    files = saved.files;
    bytes = saved.bytes;
  }
  for (const symbol of reuse ? [] : symbols) {
    for (const series of ALL_SERIES) {
      const slotMs = SERIES_SLOT_MS[series];
      await mkdir(dirname(dayFilePath(dataDir, symbol, series, dayKeyOf(firstDayMs))), { recursive: true });
      for (let day = 0; day < dayCount; day++) {
        const dayStartMs = firstDayMs + day * DAY_MS;
        const rows: DayRow[] = [];
        for (let slot = dayStartMs; slot < dayStartMs + DAY_MS; slot += slotMs) {
          if (random() < 0.002) continue; // a few missed slots, so there are several runs per day
          const oi = (10_000 + random() * 90_000).toFixed(3);
          const extra: Record<string, string> =
            series === '1m'
              ? { markPrice: (100 + random() * 10).toFixed(2), exchangeTime: String(slot + 123) }
              : { CMCCirculatingSupply: '19876543.21', source: 'api' };
          rows.push({
            slotMs: slot,
            openInterest: oi,
            openInterestValue: (Number(oi) * 101.5).toFixed(8),
            extra,
          });
        }
        const text = formatDayFile(SERIES_COLUMNS[series], rows);
        await writeFile(dayFilePath(dataDir, symbol, series, dayKeyOf(dayStartMs)), text);
        files++;
        bytes += text.length;
      }
    }
  }
  const generateMs = performance.now() - generateStart;
  if (values.data !== undefined && !reuse) {
    const saved: BenchMarker = { symbols: symbolCount, days: dayCount, files, bytes };
    await writeFile(completeMarker, JSON.stringify(saved));
  }
  await rm(join(dataDir, 'state', 'coverage'), { recursive: true, force: true });

  // CPU time (all threads of the process) next to wall time: the machine may be shared.
  const runAll = async (): Promise<{ ms: number; cpuMs: number; runs: number }> => {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    let runs = 0;
    for (const symbol of symbols) {
      for (const series of ALL_SERIES) runs += (await coverage(dataDir, symbol, series, range)).length;
    }
    const cpu = process.cpuUsage(cpuStart);
    return { ms: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000, runs };
  };
  const cold = await runAll();
  const warm = await runAll();
  const warmAgain = await runAll();
  const statsStart = performance.now();
  const stats = await collectStats(dataDir);
  const statsWarmMs = performance.now() - statsStart;
  process.stdout.write(
    JSON.stringify(
      {
        symbols: symbolCount,
        days: dayCount,
        files,
        csvMegabytes: Math.round(bytes / 1e6),
        rows: stats.total.rows,
        generateMs: Math.round(generateMs),
        coverageColdMs: Math.round(cold.ms),
        coverageColdCpuMs: Math.round(cold.cpuMs),
        coverageWarmMs: Math.round(warm.ms),
        coverageWarmAgainMs: Math.round(warmAgain.ms),
        collectStatsWarmMs: Math.round(statsWarmMs),
        runsFound: warm.runs,
        coldEqualsWarm: cold.runs === warm.runs,
      },
      null,
      2,
    ) + '\n',
  );
} finally {
  if (values.keep || values.data !== undefined) process.stderr.write(`kept ${dataDir}\n`);
  else await rm(dataDir, { recursive: true, force: true });
}
