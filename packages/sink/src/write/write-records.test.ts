import { hasErrorCode } from '@oi/errors';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSink, type Sink } from '../open-sink.ts';
import { SINK_TABLES } from '../schema/sink-columns.ts';
import { createTestDatabase, type TestDatabase } from '../test-support/test-database.ts';
import type { SinkRow } from '../values/sink-record.ts';

const T0 = Date.UTC(2025, 2, 1);
const MINUTE = 60_000;
// Larger than one INSERT statement of either database (2 MiB of MySQL text, 10 000 PostgreSQL rows).
const BIG_BATCH = 25_000;

function minutes(symbol: string, firstMs: number, count: number): SinkRow[] {
  return Array.from({ length: count }, (_, index) => ({
    symbol,
    slotMs: firstMs + index * MINUTE,
    openInterest: `${84_000 + index}.602`,
    openInterestValue: `${8_175_197_334 + index}.30990000`,
    extra: { markPrice: '96268.02000000', exchangeTime: String(firstMs + index * MINUTE + 17) },
  }));
}

async function countRows(database: TestDatabase): Promise<number> {
  const [[count]] = (await database.query(`SELECT COUNT(*) FROM ${SINK_TABLES['1m']}`)) as [[unknown]];
  return Number(count);
}

// A trigger on the 1m table that runs `action` when the row of slot `slotMs` is inserted.
async function addTrigger(database: TestDatabase, slotMs: number, action: 'fail' | 'sleep'): Promise<void> {
  if (database.kind === 'mysql') {
    const body =
      action === 'fail'
        ? "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'forced failure'"
        : 'SET @slept = SLEEP(60)';
    await database.query(
      `CREATE TRIGGER oi_test_trigger BEFORE INSERT ON ${SINK_TABLES['1m']} FOR EACH ROW
       BEGIN IF NEW.\`timestamp\` = ${slotMs} THEN ${body}; END IF; END`,
    );
    return;
  }
  const body = action === 'fail' ? "RAISE EXCEPTION 'forced failure'" : 'PERFORM pg_sleep(60)';
  await database.query(
    `CREATE FUNCTION oi_test_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN IF NEW."timestamp" = ${slotMs} THEN ${body}; END IF; RETURN NEW; END $$`,
  );
  await database.query(
    `CREATE TRIGGER oi_test_trigger BEFORE INSERT ON ${SINK_TABLES['1m']} FOR EACH ROW EXECUTE FUNCTION oi_test_trigger()`,
  );
}

async function dropTrigger(database: TestDatabase): Promise<void> {
  await database.query(
    database.kind === 'mysql'
      ? 'DROP TRIGGER oi_test_trigger'
      : `DROP TRIGGER oi_test_trigger ON ${SINK_TABLES['1m']}`,
  );
}

// Waits until the sink user's session sleeps inside the trigger, then ends that session from outside.
async function killSleepingSession(database: TestDatabase): Promise<void> {
  const find =
    database.kind === 'mysql'
      ? // Inside the trigger the session runs as the trigger's definer, so it is found by its state.
        "SELECT id FROM information_schema.processlist WHERE state = 'User sleep' AND id <> CONNECTION_ID()"
      : `SELECT pid FROM pg_stat_activity WHERE usename = '${database.server.user}' AND wait_event = 'PgSleep'`;
  for (let attempt = 0; attempt < 600; attempt++) {
    const [row] = await database.query(find);
    if (row !== undefined) {
      await database.query(
        database.kind === 'mysql'
          ? `KILL ${String(row[0])}`
          : `SELECT pg_terminate_backend(${String(row[0])})`,
      );
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the sink session never reached the sleeping trigger');
}

const CONFIGS = [
  { kind: 'mysql', loadData: true },
  { kind: 'mysql', loadData: false },
  { kind: 'postgres', loadData: true },
] as const;

describe.each(CONFIGS)('a failed batch on $kind (LOAD DATA allowed: $loadData)', ({ kind, loadData }) => {
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

  it('leaves nothing of a batch larger than one statement when its last row fails', async () => {
    await sink.writeRows('1m', minutes('ETHUSDT', T0, 10));
    const batch = minutes('BTCUSDT', T0, BIG_BATCH);
    await addTrigger(database, T0 + (BIG_BATCH - 1) * MINUTE, 'fail');
    const error = await sink.writeRows('1m', batch).catch((caught: unknown) => caught);
    expect(hasErrorCode(error, 'SINK_QUERY_FAILED')).toBe(true);
    expect(String(error)).toContain('forced failure');
    expect(await countRows(database)).toBe(10);
    await dropTrigger(database);
    expect((await sink.writeRows('1m', batch)).inserted).toBe(BIG_BATCH);
    expect(await countRows(database)).toBe(BIG_BATCH + 10);
  });

  it('leaves nothing of a batch whose connection is killed mid-transaction, and reconnects after', async () => {
    const batch = [...minutes('BTCUSDT', T0, 500), ...minutes('ETHUSDT', T0, 500)];
    await addTrigger(database, T0 + 400 * MINUTE, 'sleep');
    const writing = sink.writeRows('1m', batch).catch((caught: unknown) => caught);
    await killSleepingSession(database);
    const error = await writing;
    expect(hasErrorCode(error, 'SINK_UNAVAILABLE')).toBe(true);
    expect(await countRows(database)).toBe(0);
    await dropTrigger(database);
    expect(await sink.writeRows('1m', batch)).toEqual({
      inserted: 1000,
      unchanged: 0,
      filled: 0,
      conflicts: [],
    });
  });

  it('replaces an idle connection the server ended without failing the next call', async () => {
    await sink.writeRows('1m', minutes('BTCUSDT', T0, 10));
    const sessions =
      database.kind === 'mysql'
        ? `SELECT id FROM information_schema.processlist WHERE user = '${database.server.user}'`
        : `SELECT pid FROM pg_stat_activity WHERE usename = '${database.server.user}' AND datname = '${database.name}'`;
    const [row] = await database.query(sessions);
    expect(row).toBeDefined();
    await database.query(
      database.kind === 'mysql'
        ? `KILL ${String(row?.[0])}`
        : `SELECT pg_terminate_backend(${String(row?.[0])})`,
    );
    expect((await sink.writeRows('1m', minutes('BTCUSDT', T0 + 10 * MINUTE, 10))).inserted).toBe(10);
    expect(await countRows(database)).toBe(20);
  });

  it('stores every row once when two sinks write overlapping batches at the same time', async () => {
    const other = await openSink(database.url, { loadData });
    const shared = minutes('BTCUSDT', T0, 3000);
    const results = await Promise.all([
      sink.writeRows('1m', [...shared, ...minutes('ETHUSDT', T0, 100)]),
      other.writeRows('1m', [...shared, ...minutes('SOLUSDT', T0, 100)]),
    ]);
    await other.close();
    expect(results.map((result) => result.conflicts)).toEqual([[], []]);
    expect(results[0].inserted + results[1].inserted).toBe(3200);
    expect(results[0].unchanged + results[1].unchanged).toBe(3000);
    expect(await countRows(database)).toBe(3200);
  });
});
