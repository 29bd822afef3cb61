import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createVirtualClock, type VirtualClock } from '../clock/virtual-clock.ts';
import { trimDecimals } from '../market/decimal-format.ts';
import { DEFAULT_SYMBOLS } from '../market/universe.ts';
import { type Simulator, type SimulatorOptions, startSimulator } from '../simulator.ts';
import { csvRecords, getBytes, metricsPath, sha256Hex, unzipText } from '../test-support/archive.ts';
import { getText } from '../test-support/http.ts';

const DAY = 86_400_000;
const SLOT = 300_000;
const START = Date.UTC(2026, 6, 10, 12, 0, 0);
const HEADER =
  'create_time,symbol,sum_open_interest,sum_open_interest_value,count_toptrader_long_short_ratio,sum_toptrader_long_short_ratio,count_long_short_ratio,sum_taker_long_short_vol_ratio';
/** A decimal as the archive writes it: no trailing zero in the fraction, no lone point. */
const TRIMMED = /^\d+(\.\d*[1-9])?$/;

let sim: Simulator;
let clock: VirtualClock;
const extra: Simulator[] = [];

beforeAll(async () => {
  clock = createVirtualClock({ startMs: START, auto: false });
  sim = await startSimulator({ clock, seed: 5 });
});
afterAll(() => sim.close());
afterEach(async () => {
  await Promise.all(extra.splice(0).map((other) => other.close()));
});

async function open(options: SimulatorOptions, startMs = START): Promise<Simulator> {
  const other = await startSimulator({
    clock: createVirtualClock({ startMs, auto: false }),
    seed: 5,
    ...options,
  });
  extra.push(other);
  return other;
}

/** The CSV records of a day's zip as served. */
async function recordsOf(target: Simulator, symbol: string, day: string, market: 'um' | 'cm' = 'um') {
  const res = await getBytes(target.url, metricsPath(symbol, day, market));
  expect(res.status).toBe(200);
  return csvRecords(unzipText(res.bytes)[`${symbol}-metrics-${day}.csv`]!);
}

const at = (text: string): number => Date.parse(`${text.replace(' ', 'T')}Z`);

describe('archive day files', () => {
  it('[4] a day file is a zip holding one CSV named like it: the header and 288 five-minute rows', async () => {
    const res = await getBytes(sim.url, metricsPath('BTCUSDT', '2026-06-20'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(Number(res.headers.get('content-length'))).toBe(res.bytes.length);
    const entries = unzipText(res.bytes);
    expect(Object.keys(entries)).toEqual(['BTCUSDT-metrics-2026-06-20.csv']);
    const csv = entries['BTCUSDT-metrics-2026-06-20.csv']!;
    expect(csv.split('\n')[0]).toBe(HEADER);
    expect(csv.endsWith('\n')).toBe(true);
    const records = csvRecords(csv);
    expect(records).toHaveLength(288);
    for (const [index, record] of records.entries()) {
      expect(record).toHaveLength(8);
      expect(record[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(at(record[0]!)).toBe(Date.UTC(2026, 5, 20) + (index + 1) * SLOT);
      expect(record[1]).toBe('BTCUSDT');
      for (const ratio of record.slice(4)) expect(ratio).toMatch(/^\d+\.\d{8}$/);
    }
  });

  it('[4] the .CHECKSUM is one sha256sum line whose digest is the SHA-256 of the zip', async () => {
    const zip = await getBytes(sim.url, metricsPath('ETHUSDT', '2026-05-02'));
    const checksum = await getBytes(sim.url, `${metricsPath('ETHUSDT', '2026-05-02')}.CHECKSUM`);
    expect(checksum.status).toBe(200);
    expect(checksum.text).toBe(`${sha256Hex(zip.bytes)}  ETHUSDT-metrics-2026-05-02.zip\n`);
    expect(checksum.text).toMatch(/^[0-9a-f]{64} {2}\S+\.zip\n$/);
  });

  it('[4] ETag is the quoted MD5 of the bytes and Last-Modified the publication, like S3', async () => {
    const res = await getBytes(sim.url, metricsPath('BTCUSDT', '2026-06-20'));
    const md5 = createHash('md5').update(res.bytes).digest('hex');
    expect(res.headers.get('etag')).toBe(`"${md5}"`);
    expect(res.headers.get('last-modified')).toBe(new Date(Date.UTC(2026, 5, 21, 1)).toUTCString());
    expect(res.headers.get('x-mbx-used-weight-1m')).toBeNull();
    const truth = sim.truth.archiveDay('um', 'BTCUSDT', '2026-06-20')!;
    expect(Buffer.from(truth.zip).equals(Buffer.from(res.bytes))).toBe(true);
    expect(truth.etag).toBe(`"${md5}"`);
    expect(truth.sha256).toBe(sha256Hex(res.bytes));
  });

  it('[4] the same seed serves the same bytes, so a restarted simulator is not a re-upload', async () => {
    const other = await open({});
    const a = await getBytes(sim.url, metricsPath('SOLUSDT', '2026-03-03'));
    const b = await getBytes(other.url, metricsPath('SOLUSDT', '2026-03-03'));
    expect(b.headers.get('etag')).toBe(a.headers.get('etag'));
    expect(Buffer.from(b.bytes).equals(Buffer.from(a.bytes))).toBe(true);
  });

  it('[4] HEAD answers the headers of the object without its body', async () => {
    const head = await getBytes(sim.url, metricsPath('BTCUSDT', '2026-06-20'), 'HEAD');
    const get = await getBytes(sim.url, metricsPath('BTCUSDT', '2026-06-20'));
    expect(head.status).toBe(200);
    expect(head.bytes).toHaveLength(0);
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
    expect(head.headers.get('content-length')).toBe(String(get.bytes.length));
  });
});

describe('label conventions around 2026-06-25', () => {
  it('[4] end-of-period labels before 2026-06-25, start-of-period from it; 00:00 of 06-25 is in both files', async () => {
    const june24 = await recordsOf(sim, 'BTCUSDT', '2026-06-24');
    const june25 = await recordsOf(sim, 'BTCUSDT', '2026-06-25');
    const june26 = await recordsOf(sim, 'BTCUSDT', '2026-06-26');
    expect([june24[0]![0], june24.at(-1)![0]]).toEqual(['2026-06-24 00:05:00', '2026-06-25 00:00:00']);
    expect([june25[0]![0], june25.at(-1)![0]]).toEqual(['2026-06-25 00:00:00', '2026-06-25 23:55:00']);
    expect([june26[0]![0], june26.at(-1)![0]]).toEqual(['2026-06-26 00:00:00', '2026-06-26 23:55:00']);
    expect(sim.truth.archiveDay('um', 'BTCUSDT', '2026-06-24')!.convention).toBe('end-of-period');
    expect(sim.truth.archiveDay('um', 'BTCUSDT', '2026-06-25')!.convention).toBe('start-of-period');

    // The shared label: the 06-24 file gives the snapshot at 00:00, the 06-25 file the one at 00:05.
    const midnight = Date.UTC(2026, 5, 25);
    const snapshot = (timeMs: number) =>
      trimDecimals(sim.truth.historyValuesAt('BTCUSDT', timeMs).sumOpenInterest);
    expect(june24.at(-1)![2]).toBe(snapshot(midnight));
    expect(june25[0]![2]).toBe(snapshot(midnight + SLOT));
    expect(june24.at(-1)![2]).not.toBe(june25[0]![2]);
  });

  it('[4] files of 2026-06-20..30 hold every snapshot from 06-20 00:05 to 07-01 00:00 exactly once', async () => {
    const seen: number[] = [];
    for (let dayMs = Date.UTC(2026, 5, 20); dayMs <= Date.UTC(2026, 5, 30); dayMs += DAY) {
      const file = sim.truth.archiveDay('um', 'ETHUSDT', new Date(dayMs).toISOString().slice(0, 10))!;
      for (const row of file.rows) {
        const shift = file.convention === 'start-of-period' ? SLOT : 0;
        expect(row.snapshotMs).toBe(at(row.createTime) + shift);
        expect(row.sumOpenInterest).toBe(
          trimDecimals(sim.truth.historyValuesAt('ETHUSDT', row.snapshotMs).sumOpenInterest),
        );
        seen.push(row.snapshotMs);
      }
    }
    const expected = Array.from(
      { length: 11 * 288 },
      (_, index) => Date.UTC(2026, 5, 20) + (index + 1) * SLOT,
    );
    expect(seen).toEqual(expected);
  });

  it('[4] the switch day is an option', async () => {
    const other = await open({ archiveLabelSwitchDay: '2026-07-01' });
    const june26 = await recordsOf(other, 'BTCUSDT', '2026-06-26');
    expect([june26[0]![0], june26.at(-1)![0]]).toEqual(['2026-06-26 00:05:00', '2026-06-27 00:00:00']);
    await expect(open({ archiveLabelSwitchDay: '2026-13-01' })).rejects.toMatchObject({
      code: 'SIM_INVALID_OPTION',
    });
  });
});

describe('archive values', () => {
  it('[4] each row carries the API row of its snapshot, decimals trimmed (equal as text after trimming)', async () => {
    for (const [day, firstSnapshot] of [
      ['2026-06-24', Date.UTC(2026, 5, 24, 0, 5)],
      ['2026-06-25', Date.UTC(2026, 5, 25, 0, 5)],
    ] as const) {
      const api = await getText(
        sim.url,
        `/futures/data/openInterestHist?symbol=BTCUSDT&period=5m&limit=500&startTime=${firstSnapshot}&endTime=${firstSnapshot + DAY - SLOT}`,
      );
      const apiRows = api.json as {
        sumOpenInterest: string;
        sumOpenInterestValue: string;
        timestamp: number;
      }[];
      expect(apiRows).toHaveLength(288);
      const records = await recordsOf(sim, 'BTCUSDT', day);
      const shift = day === '2026-06-24' ? 0 : SLOT;
      for (const [index, record] of records.entries()) {
        const apiRow = apiRows[index]!;
        expect(at(record[0]!) + shift).toBe(apiRow.timestamp);
        expect(record[2]).toBe(trimDecimals(apiRow.sumOpenInterest));
        expect(record[3]).toBe(trimDecimals(apiRow.sumOpenInterestValue));
        expect(record[2]).toMatch(TRIMMED);
        expect(record[3]).toMatch(TRIMMED);
      }
    }
  });

  it('[4] COIN-M: contracts and base-coin values with 8 decimals, start-of-period labels, "" account ratios', async () => {
    const records = await recordsOf(sim, 'BTCUSD_PERP', '2024-01-15', 'cm');
    expect(records).toHaveLength(288);
    expect([records[0]![0], records.at(-1)![0]]).toEqual(['2024-01-15 00:00:00', '2024-01-15 23:55:00']);
    for (const record of records) {
      expect(record[1]).toBe('BTCUSD_PERP');
      expect(record[2]).toMatch(/^\d+\.0{8}$/);
      expect(record[3]).toMatch(/^\d+\.\d{8}$/);
      expect(record.slice(4, 7)).toEqual(['""', '""', '""']);
      expect(record[7]).toMatch(/^\d+\.\d{8}$/);
    }
    // A contract is 100 USD: the value in BTC is contracts x 100 / price, near the typical 3 000 BTC.
    expect(Number(records[0]![3])).toBeGreaterThan(1_000);
    expect(Number(records[0]![3])).toBeLessThan(10_000);
    expect((await getBytes(sim.url, metricsPath('BTCUSDT', '2024-01-15', 'cm'))).status).toBe(404);
  });
});

describe('which files exist', () => {
  it('[4] a missing file is S3 NoSuchKey XML; so are monthly metrics and unknown symbols', async () => {
    for (const path of [
      metricsPath('BTCUSDT', '2020-08-31'),
      metricsPath('BTCUSDT', '2026-07-10'),
      `${metricsPath('BTCUSDT', '2026-07-10')}.CHECKSUM`,
      metricsPath('NOPEUSDT', '2026-06-20'),
      '/data/futures/um/monthly/metrics/BTCUSDT/BTCUSDT-metrics-2026-05.zip',
    ]) {
      const res = await getBytes(sim.url, path);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/xml');
      expect(res.text).toMatch(
        /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>NoSuchKey<\/Code><Message>The specified key does not exist.<\/Message><Key>data\/futures\/[^<]+<\/Key><RequestId>[0-9A-F]{16}<\/RequestId><HostId>[^<]+<\/HostId><\/Error>$/,
      );
      expect(res.text).toContain(`<Key>${path.slice(1)}</Key>`);
    }
  });

  it('[4] a day is published the configured delay after it ends, 404 until then', async () => {
    const other = await open({ archivePublishDelayMs: 3_600_000 }, Date.UTC(2026, 6, 10, 0, 30));
    const path = metricsPath('BTCUSDT', '2026-07-09');
    expect((await getBytes(other.url, path)).status).toBe(404);
    expect(other.truth.archiveDayRange('um', 'BTCUSDT')!.lastDay).toBe('2026-07-08');
    await (other.clock as VirtualClock).advance(30 * 60_000 - 1);
    expect((await getBytes(other.url, path)).status).toBe(404);
    await (other.clock as VirtualClock).advance(1);
    const res = await getBytes(other.url, path);
    expect(res.status).toBe(200);
    expect(res.headers.get('last-modified')).toBe(new Date(Date.UTC(2026, 6, 10, 1)).toUTCString());
    expect(other.truth.archiveDayRange('um', 'BTCUSDT')!.lastDay).toBe('2026-07-09');
  });

  it('[4] every default symbol has files from 2020-09-01, each a full day', async () => {
    for (const symbol of DEFAULT_SYMBOLS) {
      expect(sim.truth.archiveDayRange('um', symbol)).toEqual({
        firstDay: '2020-09-01',
        lastDay: '2026-07-09',
      });
    }
    expect(await recordsOf(sim, 'BTCUSDT', '2020-09-01')).toHaveLength(288);
    expect((await getBytes(sim.url, metricsPath('BTCUSDT', '2020-08-31'))).status).toBe(404);
  });

  it('[4] a new listing has files from its listing day, a delisted symbol up to its delisting day', async () => {
    const listed = sim.universe.find((symbol) => symbol.role === 'new-listing')!;
    const listingDay = new Date(listed.onboardDateMs).toISOString().slice(0, 10);
    expect(sim.truth.archiveDayRange('um', listed.symbol)!.firstDay).toBe(listingDay);
    // Both days are after 2026-06-25: start-of-period labels, a row labelled T holds the snapshot at T + 5 min.
    const first = await recordsOf(sim, listed.symbol, listingDay);
    expect(at(first[0]![0]!) + SLOT).toBe(listed.onboardDateMs);
    expect(sim.truth.archiveDay('um', listed.symbol, listingDay)!.rows[0]!.snapshotMs).toBe(
      listed.onboardDateMs,
    );
    const before = new Date(listed.onboardDateMs - DAY).toISOString().slice(0, 10);
    expect((await getBytes(sim.url, metricsPath(listed.symbol, before))).status).toBe(404);

    const delisted = sim.universe.find((symbol) => symbol.role === 'delisted')!;
    const delistingDay = new Date(delisted.delistedAtMs!).toISOString().slice(0, 10);
    expect(sim.truth.archiveDayRange('um', delisted.symbol)!.lastDay).toBe(delistingDay);
    const last = await recordsOf(sim, delisted.symbol, delistingDay);
    expect(at(last.at(-1)![0]!) + SLOT).toBe(delisted.delistedAtMs);
    const after = new Date(delisted.delistedAtMs! + DAY).toISOString().slice(0, 10);
    expect((await getBytes(sim.url, metricsPath(delisted.symbol, after))).status).toBe(404);
  });
});

describe('archive requests', () => {
  it('[4] are logged as the archive and draw on no budget, not even during a ban', async () => {
    const other = await open({});
    await getText(other.url, '/fapi/v1/ping');
    other.forceResponses({ status: 418, path: '/fapi/v1/ping', bannedForMs: 60_000 });
    await getText(other.url, '/fapi/v1/ping');
    const before = other.budgets();
    const zip = await getBytes(other.url, metricsPath('BTCUSDT', '2026-06-20'));
    const checksum = await getBytes(other.url, `${metricsPath('BTCUSDT', '2026-06-20')}.CHECKSUM`);
    const listing = await getBytes(
      other.url,
      '/?delimiter=/&prefix=data/futures/um/daily/metrics/&max-keys=2',
    );
    const missing = await getBytes(other.url, metricsPath('BTCUSDT', '2019-01-01'));
    expect([zip.status, checksum.status, listing.status, missing.status]).toEqual([200, 200, 200, 404]);
    expect(other.budgets()).toEqual(before);
    const archive = other.requests().filter((entry) => entry.service === 'archive');
    expect(archive.map((entry) => [entry.endpoint, entry.weight])).toEqual([
      ['archiveZip', 0],
      ['archiveChecksum', 0],
      ['archiveListing', 0],
      ['archiveZip', 0],
    ]);
    expect(other.counts().byService).toEqual({ api: 2, archive: 4 });
  });

  it('[1] a random 500 or 503 on the archive is an S3 error document, not Binance JSON', async () => {
    const path = metricsPath('BTCUSDT', '2026-06-20');
    const other = await open({ faults: { rate: 1, kinds: { http500: 1 }, paths: [path] } });
    const failed = await getBytes(other.url, path);
    expect(failed.status).toBe(500);
    expect(failed.text).toContain('<Code>InternalError</Code>');
    other.setFaults(undefined);
    other.forceResponses({ status: 503, variant: 'unknown', path });
    const slow = await getBytes(other.url, path);
    expect([slow.status, slow.headers.get('content-type')]).toEqual([503, 'application/xml']);
    expect(slow.text).toContain('<Code>SlowDown</Code>');
    expect((await getBytes(other.url, path)).status).toBe(200);
  });
});
