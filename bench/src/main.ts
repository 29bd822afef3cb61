// `pnpm bench`: every benchmark against the simulator, a table on stdout, bench/results.json.
// Run: node --conditions=@oi/source bench/src/main.ts [--quick] [--only live,backfill,shared,archive,coverage,export,report,collect,universe]
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { archiveBackfillRow, benchArchiveBackfill } from './archive-backfill.ts';
import { backfillRow, benchBackfill } from './backfill.ts';
import { type BenchRow, formatTable, round } from './bench-row.ts';
import { benchCollectHour, collectHourRow } from './collect-hour.ts';
import { benchCollectUniverse, collectUniverseRow } from './collect-universe.ts';
import { benchCoverageScan, coverageRows } from './coverage-scan.ts';
import { writeDayFileFixture } from './day-file-fixture.ts';
import { benchExport, exportRow } from './export-rows.ts';
import { benchLiveTick, liveTickRow } from './live-tick.ts';
import { describeMachine } from './machine-info.ts';
import { builtCliProblem } from './oi-cli.ts';
import { benchReport, reportRow } from './report-page.ts';
import { benchSharedBudget, sharedBudgetRow } from './shared-budget.ts';
import { BENCH_NAMES, BENCH_SIZES, type BenchName, DEFAULT_BENCH_NAMES } from './sizes.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
  },
});
const sizes = values.quick ? BENCH_SIZES.quick : BENCH_SIZES.full;
const selected = new Set<BenchName>(
  values.only === undefined
    ? DEFAULT_BENCH_NAMES
    : (values.only.split(',').map((name) => name.trim()) as BenchName[]),
);
/** Bad input or a missing build: one line and exit 2, as `oi` itself does. */
function refuse(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}
for (const name of selected) {
  if (!BENCH_NAMES.includes(name)) refuse(`unknown benchmark ${name}: expected ${BENCH_NAMES.join(', ')}`);
}
const missingCli = builtCliProblem();
if (missingCli !== undefined) refuse(missingCli);
const benchDir = fileURLToPath(new URL('..', import.meta.url));
const outPath =
  values.out ?? (values.quick ? join(benchDir, 'tmp', 'results-quick.json') : join(benchDir, 'results.json'));

const machine = describeMachine();
const startedMs = performance.now();
const rows: BenchRow[] = [];
const log = (message: string): void => {
  process.stderr.write(`[${round((performance.now() - startedMs) / 1000)} s] ${message}\n`);
};
const add = (row: BenchRow): void => {
  rows.push(row);
  log(`${row.benchmark} (${row.size}): ${row.summary}`);
};

if (selected.has('live')) {
  for (const symbols of sizes.liveSymbols) {
    log(`live tick, ${symbols} symbols`);
    add(liveTickRow(await benchLiveTick({ symbols, ticks: sizes.liveTicks })));
  }
}
if (selected.has('backfill')) {
  for (const run of sizes.backfill) {
    log(`backfill, ${run.symbols} symbols, ${run.concurrency} in flight`);
    add(backfillRow(await benchBackfill({ ...run, days: 30 })));
  }
}
if (selected.has('shared')) {
  // Two oi processes sharing one budget vs one process doing the same work: a ratio, one run.
  const symbols = values.quick ? 10 : 40;
  log(`backfill, ${symbols} symbols, one process then two sharing one budget`);
  add(sharedBudgetRow(await benchSharedBudget({ symbols, days: 29 })));
}
if (selected.has('archive')) {
  for (const benchCase of sizes.archive) {
    log(`archive backfill, ${JSON.stringify(benchCase)}`);
    add(archiveBackfillRow(benchCase, await benchArchiveBackfill(benchCase)));
  }
}
if (selected.has('coverage') || selected.has('export') || selected.has('report')) {
  const workDir = await mkdtemp(join(tmpdir(), 'oi-bench-files-'));
  try {
    const dataDir = join(workDir, 'data');
    const { symbols: symbolCount, days } = sizes.fixture;
    const symbols = Array.from(
      { length: symbolCount },
      (_, index) => `S${String(index).padStart(3, '0')}USDT`,
    );
    const firstDayMs = Date.UTC(2026, 0, 1);
    log(`writing ${symbolCount} symbols x ${days} days of 1m and 5m day files`);
    const fixtureStartMs = performance.now();
    const fixture = await writeDayFileFixture({ dataDir, symbols, firstDayMs, days });
    log(
      `fixture: ${fixture.files} files, ${round(fixture.bytes / 1e9, 2)} GB, ` +
        `${fixture.rows['1m']} 1m + ${fixture.rows['5m']} 5m rows in ${round((performance.now() - fixtureStartMs) / 1000)} s`,
    );
    if (selected.has('coverage')) {
      const range = { startMs: firstDayMs, endMs: firstDayMs + days * 86_400_000 };
      for (const row of coverageRows(await benchCoverageScan(dataDir, symbols, range, days))) add(row);
    }
    if (selected.has('export')) {
      log(`export of ${sizes.exportDays} days of 1m`);
      const lastDay = new Date(firstDayMs + (sizes.exportDays - 1) * 86_400_000).toISOString().slice(0, 10);
      add(exportRow(await benchExport({ dataDir, workDir, fromDay: '2026-01-01', toDay: lastDay })));
    }
    if (selected.has('report')) {
      log(`report of ${symbolCount} symbols x ${days} days of 5m, then opened in headless Chromium`);
      const lastDay = new Date(firstDayMs + (days - 1) * 86_400_000).toISOString().slice(0, 10);
      add(reportRow(await benchReport({ dataDir, workDir, fromDay: '2026-01-01', toDay: lastDay })));
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
if (selected.has('collect')) {
  log(`collector, ${sizes.collect.symbols} symbols for ${sizes.collect.hours} virtual hours`);
  add(collectHourRow(await benchCollectHour(sizes.collect.symbols, sizes.collect.hours)));
}
if (selected.has('universe')) {
  const { usdMSymbols, coinMSymbols } = sizes.universe;
  log(
    `oi collect --market all --symbols all in real time, ${usdMSymbols} + ${coinMSymbols} generated symbols`,
  );
  const result = await benchCollectUniverse(sizes.universe);
  log(`lag of each minute after the first, ms: ${result.tickMs.join(', ')}`);
  add(collectUniverseRow(result));
}

const durationMs = performance.now() - startedMs;
const table = formatTable(rows);
process.stdout.write(`\n${table}\n\n`);
process.stdout.write(
  `${machine.cpuModel}, ${machine.cores} cores, ${round(machine.memoryBytes / 2 ** 30, 1)} GiB, ` +
    `node ${machine.nodeVersion}, ${machine.date}; ${values.quick ? 'quick' : 'full'} run in ${round(durationMs / 1000)} s\n`,
);
await mkdir(dirname(outPath), { recursive: true });
await writeFile(
  outPath,
  `${JSON.stringify({ mode: values.quick ? 'quick' : 'full', machine, durationMs: round(durationMs), rows }, null, 2)}\n`,
);
process.stdout.write(`results: ${outPath}\n`);
