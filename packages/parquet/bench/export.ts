// Parquet export benchmark: synthesises 1m day files in the store's format (default 500 symbols x
// 14 days = 10.08M rows, about 1 GB of CSV) in a temporary data directory, then runs exportParquet
// in a child process and prints one JSON object with its rows/s, wall and CPU time and peak RSS.
// Run: node --conditions=@oi/source bench/export.ts [--symbols 500] [--days 14] [--data DIR]
//        [--compression zstd|snappy] [--partition-by symbol|day] [--row-group-rows N] [--with-csv]
// --data reuses (or first fills) DIR, so repeated runs skip writing the files. --with-csv also
// runs the CSV export of the same rows (storage's exportRange, as `oi export` does) in a child
// right after, so that the two are compared under the same load.
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DAY_MS, dayFilePath, dayKeyOf, exportRange, formatDatetimeUtc, SERIES_COLUMNS } from '@oi/storage';
import { type Compression, exportParquet, type PartitionBy } from '../src/index.ts';

const { values } = parseArgs({
  options: {
    symbols: { type: 'string', default: '500' },
    days: { type: 'string', default: '14' },
    data: { type: 'string' },
    compression: { type: 'string', default: 'zstd' },
    'partition-by': { type: 'string' },
    'row-group-rows': { type: 'string' },
    'with-csv': { type: 'boolean', default: false },
    child: { type: 'string' },
    'child-csv': { type: 'string' },
  },
});
const symbolCount = Number(values.symbols);
const dayCount = Number(values.days);
const firstDayMs = Date.UTC(2026, 9, 1);
const symbols = Array.from({ length: symbolCount }, (_, index) => `S${String(index).padStart(3, '0')}USDT`);

/** What a measured child prints besides its own figures. */
function childFigures(rows: number, cpuStart: NodeJS.CpuUsage, started: number) {
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  return {
    wallMs: Math.round(wallMs),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    rowsPerSecond: Math.round(rows / (wallMs / 1000)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

if (values['child-csv'] !== undefined) {
  // The CSV export of the same rows, as `oi export --format csv` writes it.
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const output = createWriteStream(join(values['child-csv'], 'bench-out'));
  const result = await exportRange({
    dataDir: values['child-csv'],
    symbols,
    series: '1m',
    range: { startMs: firstDayMs, endMs: firstDayMs + dayCount * DAY_MS },
    format: 'csv',
    output,
  });
  output.end();
  await finished(output);
  process.stdout.write(
    `${JSON.stringify({ rows: result.rows, ...childFigures(result.rows, cpuStart, started) })}\n`,
  );
  process.exit(0);
}

if (values.child !== undefined) {
  // The export alone, in its own process, so the peak RSS is the export's.
  const partitionBy = values['partition-by'] as PartitionBy | undefined;
  const rowGroupRows = values['row-group-rows'];
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const result = await exportParquet({
    dataDir: values.child,
    symbols,
    series: '1m',
    out: join(values.child, 'bench-out'),
    compression: values.compression as Compression,
    ...(partitionBy === undefined ? {} : { partitionBy }),
    ...(rowGroupRows === undefined ? {} : { rowGroupRows: Number(rowGroupRows) }),
  });
  process.stdout.write(
    `${JSON.stringify({
      rows: result.rows,
      files: result.files.length,
      rowGroups: result.files.reduce((sum, file) => sum + file.rowGroups, 0),
      bytes: result.files.reduce((sum, file) => sum + file.bytes, 0),
      ...childFigures(result.rows, cpuStart, started),
    })}\n`,
  );
  process.exit(0);
}

/** One synthetic day file of the 1m series: a random walk, some values empty, as the store writes it. */
function dayFileText(symbolIndex: number, dayStartMs: number, random: () => number): string {
  let text = `${SERIES_COLUMNS['1m'].join(',')}\n`;
  let openInterest = 10_000 + symbolIndex * 37;
  for (let minute = 0; minute < 1440; minute++) {
    const slotMs = dayStartMs + minute * 60_000;
    openInterest += Math.round((random() - 0.5) * 2000) / 1000;
    const price = 100 + symbolIndex + minute / 100;
    const value = minute % 97 === 0 ? '' : (openInterest * price).toFixed(8);
    const mark = minute % 113 === 0 ? '' : price.toFixed(2);
    text += `${slotMs},${formatDatetimeUtc(slotMs)},${openInterest.toFixed(3)},${value},${mark},${slotMs + 12 + (minute % 40)}\n`;
  }
  return text;
}

const dataDir = values.data ?? (await mkdtemp(join(tmpdir(), 'oi-bench-parquet-')));
const marker = join(dataDir, 'bench-complete.json');
try {
  const generateStart = performance.now();
  if (values.data !== undefined && existsSync(marker)) {
    const saved = JSON.parse(await readFile(marker, 'utf8')) as { symbols: number; days: number };
    if (saved.symbols !== symbolCount || saved.days !== dayCount) {
      throw new Error(`${dataDir} holds ${saved.symbols} symbols x ${saved.days} days`);
    }
  } else {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (const [symbolIndex, symbol] of symbols.entries()) {
      for (let day = 0; day < dayCount; day++) {
        const dayStartMs = firstDayMs + day * DAY_MS;
        const path = dayFilePath(dataDir, symbol, '1m', dayKeyOf(dayStartMs));
        if (day === 0) await mkdir(dirname(path), { recursive: true });
        await writeFile(path, dayFileText(symbolIndex, dayStartMs, random));
      }
    }
    await writeFile(marker, JSON.stringify({ symbols: symbolCount, days: dayCount }));
  }
  const generateMs = performance.now() - generateStart;
  await rm(join(dataDir, 'bench-out'), { recursive: true, force: true });

  const args = ['--conditions=@oi/source', fileURLToPath(import.meta.url), '--child', dataDir];
  for (const name of ['symbols', 'days', 'compression', 'partition-by', 'row-group-rows'] as const) {
    const value = values[name];
    if (value !== undefined) args.push(`--${name}`, value);
  }
  const loadBefore = loadavg()[0];
  const measured = JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' })) as { rows: number };
  const out = join(dataDir, 'bench-out');
  // Read back the footer of a single file with an independent reader as a sanity check.
  // Imported here, not above: the measured child process loads only what an export needs.
  const { asyncBufferFromFile, parquetMetadataAsync } = await import('hyparquet');
  const footerRows = (await stat(out)).isFile()
    ? Number((await parquetMetadataAsync(await asyncBufferFromFile(out))).num_rows)
    : undefined;
  if (footerRows !== undefined && footerRows !== measured.rows)
    throw new Error(`footer says ${footerRows} rows`);
  let csv: unknown;
  if (values['with-csv']) {
    await rm(out, { recursive: true, force: true });
    const csvArgs = ['--conditions=@oi/source', fileURLToPath(import.meta.url), '--child-csv', dataDir];
    csvArgs.push('--symbols', String(symbolCount), '--days', String(dayCount));
    csv = JSON.parse(execFileSync(process.execPath, csvArgs, { encoding: 'utf8' }));
  }
  process.stdout.write(
    `${JSON.stringify(
      {
        symbols: symbolCount,
        days: dayCount,
        compression: values.compression,
        partitionBy: values['partition-by'] ?? null,
        generateMs: Math.round(generateMs),
        ...measured,
        ...(csv === undefined ? {} : { csv }),
        machine: { cores: cpus().length, loadAverage1m: [loadBefore, loadavg()[0]] },
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await rm(join(dataDir, 'bench-out'), { recursive: true, force: true });
  if (values.data === undefined) await rm(dataDir, { recursive: true, force: true });
}
