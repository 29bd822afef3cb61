// Sync benchmark: day files of N symbols x D days (1m and 5m) written with openStore into a
// temporary data directory, then syncSink into a MariaDB started for the run on a temporary
// directory and a free loopback port (or into --url), then the same sync again (every row already
// stored: the re-run cost), then, on its own server, the same rows as a bare LOAD DATA of text
// made beforehand (the server's floor under the same load). Prints one JSON object with rows/s of
// each and the CPU per row of this process and of the server.
// Run: node --conditions=@oi/source bench/sync.ts [--symbols 20] [--days 30] [--url URL] [--data DIR] [--batch-rows N]
// --data reuses (or first fills) DIR, so repeated runs skip writing the files.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { ALL_SERIES, type OiPoint, openStore, readDayLines, SERIES_SLOT_MS } from '@oi/storage';
import mysql from 'mysql2/promise';
import { openSink, SINK_TABLES, sinkSchemaSql, syncSink } from '../src/index.ts';
import { sinkColumns } from '../src/schema/sink-columns.ts';
import { TsvBatch } from '../src/sync/tsv-batch.ts';
import { type RunningTestServer, startMariadb } from '../src/test-support/mariadb-server.ts';

const { values } = parseArgs({
  options: {
    symbols: { type: 'string', default: '20' },
    days: { type: 'string', default: '30' },
    url: { type: 'string' },
    data: { type: 'string' },
    'batch-rows': { type: 'string' },
  },
});
const symbols = Array.from(
  { length: Number(values.symbols) },
  (_, index) => `S${String(index).padStart(3, '0')}USDT`,
);
const dayCount = Number(values.days);
const firstDayMs = Date.UTC(2026, 0, 1);
const DAY_MS = 86_400_000;

async function writeDayFiles(dataDir: string): Promise<void> {
  const marker = join(dataDir, 'bench-complete.json');
  if (existsSync(marker)) return;
  const store = await openStore({ dataDir });
  try {
    for (const [symbolIndex, symbol] of symbols.entries()) {
      for (const series of ALL_SERIES) {
        const points: OiPoint[] = [];
        for (
          let slotMs = firstDayMs;
          slotMs < firstDayMs + dayCount * DAY_MS;
          slotMs += SERIES_SLOT_MS[series]
        ) {
          const n = (slotMs - firstDayMs) / SERIES_SLOT_MS[series];
          points.push({
            slotMs,
            openInterest: `${80_000 + symbolIndex * 100 + (n % 997)}.${String(n % 1000).padStart(3, '0')}`,
            openInterestValue: `${8_175_197_334 + n}.30990000`,
            extra:
              series === '1m'
                ? { markPrice: `${96_268 + (n % 89)}.02000000`, exchangeTime: String(slotMs + 17) }
                : { CMCCirculatingSupply: '19812345.12345678', source: n % 2 === 0 ? 'archive' : 'api' },
          });
        }
        await store.merge(symbol, series, points);
      }
    }
  } finally {
    await store.close();
  }
  await writeFile(marker, JSON.stringify({ symbols: symbols.length, days: dayCount }));
}

// CPU seconds a process has used, from /proc (Linux): the machine may be shared, so CPU time per
// row says more about the code than wall time does.
function processCpuSeconds(pid: number): number {
  const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * The server's floor under the same load: the same 1m and 5m rows, made into LOAD DATA text
 * beforehand (TsvBatch, as sync makes it), loaded into empty tables of another database in
 * transactions of 50 000 rows on one connection, with nothing read or compared.
 */
async function bareLoad(running: RunningTestServer, dir: string) {
  const { port, adminUser, adminPassword } = running.info;
  const connection = await mysql.createConnection({
    host: '127.0.0.1',
    port,
    user: adminUser,
    password: adminPassword,
  });
  await connection.query('CREATE DATABASE oi_bench_bare');
  await connection.query('USE oi_bench_bare');
  for (const statement of sinkSchemaSql('mysql')) await connection.query(statement);
  const chunks: { table: string; columns: string; rows: number; bytes: Uint8Array }[] = [];
  for (const series of ALL_SERIES) {
    const columns = ['symbol', 'timestamp', ...sinkColumns(series).map((column) => column.name)].join(',');
    const add = (batch: TsvBatch): void => {
      chunks.push({
        table: SINK_TABLES[series],
        columns,
        rows: batch.rows,
        bytes: batch.bytes.slice(0, batch.size),
      });
    };
    let batch: TsvBatch | undefined;
    for await (const day of readDayLines({ dataDir: dir, symbols, series })) {
      if (batch !== undefined && (batch.symbol !== day.symbol || batch.rows >= 50_000)) {
        add(batch);
        batch = undefined;
      }
      batch ??= new TsvBatch(series, day.symbol, new Uint8Array(1 << 22));
      batch.append(day, 0, day.rows);
    }
    if (batch !== undefined) add(batch);
  }
  const rows = chunks.reduce((sum, chunk) => sum + chunk.rows, 0);
  const startedMs = performance.now();
  const serverBefore = processCpuSeconds(running.pid);
  for (const chunk of chunks) {
    await connection.query('BEGIN');
    await connection.query({
      sql: `LOAD DATA LOCAL INFILE 'bare.tsv' INTO TABLE ${chunk.table} CHARACTER SET ascii FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${chunk.columns})`,
      infileStreamFactory: () => Readable.from([Buffer.from(chunk.bytes)]),
    });
    await connection.query('COMMIT');
  }
  const seconds = (performance.now() - startedMs) / 1000;
  const serverCpuSeconds = processCpuSeconds(running.pid) - serverBefore;
  await connection.end();
  return {
    rows,
    seconds,
    rowsPerSecond: Math.round(rows / seconds),
    serverCpuMicrosPerRow: (serverCpuSeconds * 1e6) / rows,
  };
}

const dataDir = values.data ?? (await mkdtemp(join(tmpdir(), 'oi-bench-sink-')));
const server = values.url === undefined ? await startMariadb({ bufferPoolMb: 512 }) : undefined;
try {
  await writeDayFiles(dataDir);
  let url = values.url as string;
  if (server !== undefined) {
    const { port, adminUser, adminPassword, user, password } = server.info;
    const admin = await mysql.createConnection({
      host: '127.0.0.1',
      port,
      user: adminUser,
      password: adminPassword,
    });
    await admin.query('CREATE DATABASE oi_bench');
    await admin.end();
    url = `mysql://${user}:${password}@127.0.0.1:${port}/oi_bench`;
  }
  const sink = await openSink(url);
  const batchRows = values['batch-rows'] === undefined ? undefined : Number(values['batch-rows']);
  const pass = async () => {
    const startedMs = performance.now();
    const cpuBefore = process.cpuUsage();
    const serverBefore = server === undefined ? 0 : processCpuSeconds(server.pid);
    const result = await syncSink({ sink, dataDir, ...(batchRows === undefined ? {} : { batchRows }) });
    const seconds = (performance.now() - startedMs) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const serverCpuSeconds = server === undefined ? undefined : processCpuSeconds(server.pid) - serverBefore;
    return {
      ...result,
      conflicts: result.conflicts.length,
      seconds,
      rowsPerSecond: Math.round(result.rows / seconds),
      clientCpuMicrosPerRow: (cpu.user + cpu.system) / result.rows,
      ...(serverCpuSeconds === undefined
        ? {}
        : { serverCpuMicrosPerRow: (serverCpuSeconds * 1e6) / result.rows }),
    };
  };
  const load = await pass();
  const rerun = await pass();
  await sink.close();
  const bare = server === undefined ? undefined : await bareLoad(server, dataDir);
  process.stdout.write(
    `${JSON.stringify({ sink: sink.displayUrl, symbols: symbols.length, days: dayCount, batchRows, load, rerun, ...(bare === undefined ? {} : { bare }) }, null, 2)}\n`,
  );
} finally {
  await server?.stop();
  if (values.data === undefined) await rm(dataDir, { recursive: true, force: true });
}
