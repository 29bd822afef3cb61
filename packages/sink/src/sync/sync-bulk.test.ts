import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasErrorCode } from '@oi/errors';
import { type OiPoint, openStore, readDayLines, type Series } from '@oi/storage';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MYSQL_DIALECT } from '../db/mysql-backend.ts';
import { POSTGRES_DIALECT } from '../db/postgres-backend.ts';
import { openSink, type Sink } from '../open-sink.ts';
import { SINK_TABLES, sinkColumns } from '../schema/sink-columns.ts';
import { createTestDatabase, type TestDatabase } from '../test-support/test-database.ts';
import { checkSink } from './check-sink.ts';
import { syncSink } from './sync-sink.ts';
import { TsvBatch } from './tsv-batch.ts';
import { sliceDigest } from './tsv-digest.ts';

const MINUTE = 60_000;
const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2025, 8, 1);
const DAYS = 3;
const SYMBOLS = ['BTCUSDT', 'XRPUSD_PERP'];
// Every spelling the store accepts that the database prints differently.
const SPELLINGS = [
  '96268.02000000',
  '8.4e3',
  '5E-8',
  '007.50',
  '-0.0',
  '-0.5',
  '0',
  '12345678901234567890.123456789012345678',
  '1.0000000000000000000000',
  '0.000000000000000001',
];

function minutes(series: Series): OiPoint[] {
  const points: OiPoint[] = [];
  for (let minute = 0; minute < DAYS * 1440; minute++) {
    const slotMs = FIRST_DAY + minute * MINUTE;
    if (series === '5m' && minute % 5 !== 0) continue;
    const spelling = SPELLINGS[minute % SPELLINGS.length] as string;
    const extra: Record<string, string> =
      series === '1m'
        ? {
            markPrice: minute % 7 === 0 ? '' : spelling,
            exchangeTime: minute % 11 === 0 ? '' : String(slotMs + 9),
          }
        : {
            CMCCirculatingSupply: minute % 3 === 0 ? '' : spelling,
            source: minute % 2 === 0 ? 'api' : 'archive',
          };
    points.push({
      slotMs,
      openInterest: `${10_000 + minute}.${minute % 10}`,
      openInterestValue: minute % 13 === 0 ? '' : spelling,
      extra,
    });
  }
  return points;
}

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'oi-sink-bulk-'));
  const store = await openStore({ dataDir });
  for (const symbol of SYMBOLS) {
    for (const series of ['1m', '5m'] as const) await store.merge(symbol, series, minutes(series));
  }
  await store.close();
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function countRows(database: TestDatabase, symbol: string, startMs: number, endMs: number) {
  const q = (name: string) => (database.kind === 'mysql' ? `\`${name}\`` : `"${name}"`);
  const [[count]] = (await database.query(
    `SELECT COUNT(*) FROM ${SINK_TABLES['1m']} WHERE symbol = '${symbol}' AND ${q('timestamp')} >= ${startMs} AND ${q('timestamp')} < ${endMs}`,
  )) as [[unknown]];
  return Number(count);
}

const CONFIGS = [
  { kind: 'mysql', loadData: true },
  { kind: 'mysql', loadData: false },
  { kind: 'postgres', loadData: true },
] as const;

describe.each(CONFIGS)('bulk sync on $kind (LOAD DATA allowed: $loadData)', ({ kind, loadData }) => {
  let database: TestDatabase;
  let sink: Sink;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    sink = await openSink(database.url, { loadData });
  });

  afterEach(async () => {
    await sink.close();
    await database.close();
  });

  it("gives each stored day the digest of the files' rows, whatever their spelling", async () => {
    await syncSink({ sink, dataDir });
    const dialect = kind === 'mysql' ? MYSQL_DIALECT : POSTGRES_DIALECT;
    let days = 0;
    for (const series of ['1m', '5m'] as const) {
      const sql = dialect.daySummarySql(SINK_TABLES[series], sinkColumns(series));
      for await (const day of readDayLines({ dataDir, symbols: SYMBOLS, series })) {
        const batch = new TsvBatch(series, day.symbol, new Uint8Array(1024));
        batch.append(day, 0, day.rows);
        const slice = batch.slices[0];
        const [summary] = await database.query(sql, [day.symbol, batch.range.startMs, batch.range.endMs]);
        expect(summary?.map(String)).toEqual([
          String(slice?.day),
          String(day.rows),
          slice === undefined ? '' : sliceDigest(batch, slice, dialect.dayDigest),
        ]);
        days++;
      }
    }
    expect(days).toBe(SYMBOLS.length * 2 * DAYS);
  });

  it('reports a changed value as a conflict through the bulk path, keeps it, and loads the rest', async () => {
    const total = (await syncSink({ sink, dataDir, series: ['1m'] })).rows;
    const slotMs = FIRST_DAY + DAY_MS + 30 * MINUTE;
    const q = (name: string) => (kind === 'mysql' ? `\`${name}\`` : `"${name}"`);
    await database.query(
      `UPDATE ${SINK_TABLES['1m']} SET open_interest = 2.5 WHERE symbol = 'BTCUSDT' AND ${q('timestamp')} = ${slotMs}`,
    );
    await database.query(
      `DELETE FROM ${SINK_TABLES['1m']} WHERE symbol = 'XRPUSD_PERP' AND ${q('timestamp')} < ${FIRST_DAY + DAY_MS}`,
    );
    const again = await syncSink({ sink, dataDir, series: ['1m'] });
    expect(again).toMatchObject({ rows: total, inserted: 1440, unchanged: total - 1441, filled: 0 });
    expect(again.conflicts).toEqual([
      {
        series: '1m',
        symbol: 'BTCUSDT',
        timestamp: slotMs,
        column: 'open_interest',
        stored: '2.5',
        incoming: '11470',
      },
    ]);
    const check = await checkSink({ sink, dataDir, series: ['1m'] });
    expect(check).toMatchObject({ missingInSink: 0, missingInFiles: 0, different: 1 });
  });

  it('leaves nothing of a batch whose session is killed during its load, and a re-run completes it', async () => {
    // Batches of 1000 rows: the second of BTCUSDT holds minutes 1000 to 1999, across a day boundary.
    const sleepAt = FIRST_DAY + 1500 * MINUTE;
    if (kind === 'mysql') {
      await database.query(
        `CREATE TRIGGER oi_test_sleep BEFORE INSERT ON ${SINK_TABLES['1m']} FOR EACH ROW
         BEGIN IF NEW.\`timestamp\` = ${sleepAt} AND NEW.symbol = 'BTCUSDT' THEN SET @slept = SLEEP(60); END IF; END`,
      );
    } else {
      await database.query(
        `CREATE FUNCTION oi_test_sleep() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN IF NEW."timestamp" = ${sleepAt} AND NEW.symbol = 'BTCUSDT' THEN PERFORM pg_sleep(60); END IF; RETURN NEW; END $$`,
      );
      await database.query(
        `CREATE TRIGGER oi_test_sleep BEFORE INSERT ON ${SINK_TABLES['1m']} FOR EACH ROW EXECUTE FUNCTION oi_test_sleep()`,
      );
    }
    const syncing = syncSink({ sink, dataDir, series: ['1m'], batchRows: 1000 }).catch(
      (caught: unknown) => caught,
    );
    const find =
      kind === 'mysql'
        ? "SELECT id FROM information_schema.processlist WHERE state = 'User sleep' AND id <> CONNECTION_ID()"
        : `SELECT pid FROM pg_stat_activity WHERE usename = '${database.server.user}' AND wait_event = 'PgSleep'`;
    let killed = false;
    for (let attempt = 0; attempt < 600 && !killed; attempt++) {
      const [row] = await database.query(find);
      if (row === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
      else {
        await database.query(
          kind === 'mysql' ? `KILL ${String(row[0])}` : `SELECT pg_terminate_backend(${String(row[0])})`,
        );
        killed = true;
      }
    }
    expect(killed).toBe(true);
    expect(hasErrorCode(await syncing, 'SINK_UNAVAILABLE')).toBe(true);
    expect(await countRows(database, 'BTCUSDT', FIRST_DAY + 1000 * MINUTE, FIRST_DAY + 2000 * MINUTE)).toBe(
      0,
    );
    expect(await countRows(database, 'BTCUSDT', FIRST_DAY, FIRST_DAY + 1000 * MINUTE)).toBe(1000);
    await database.query(
      kind === 'mysql' ? 'DROP TRIGGER oi_test_sleep' : `DROP TRIGGER oi_test_sleep ON ${SINK_TABLES['1m']}`,
    );
    const rerun = await syncSink({ sink, dataDir, series: ['1m'] });
    expect(rerun.conflicts).toEqual([]);
    expect(rerun.inserted + rerun.unchanged).toBe(rerun.rows);
    expect(await checkSink({ sink, dataDir, series: ['1m'] })).toMatchObject({
      inSync: true,
      rowsInSink: rerun.rows,
    });
  });
});
