import { afterEach, describe, expect, it } from 'vitest';
import { createVirtualClock, type VirtualClock } from '../clock/virtual-clock.ts';
import { trimDecimals } from '../market/decimal-format.ts';
import { type Simulator, type SimulatorOptions, startSimulator } from '../simulator.ts';
import {
  csvRecords,
  getBytes,
  metricsPath,
  sha256Hex,
  unzipText,
  xmlValues,
} from '../test-support/archive.ts';
import type { ArchiveDefect } from './archive-defects.ts';

const SLOT = 300_000;
const START = Date.UTC(2026, 6, 10, 12, 0, 0);
// Older than the API's 30 days, before the label switch: end-of-period labels, 288 rows.
const DAY = '2026-05-10';
const DAY_MS = Date.UTC(2026, 4, 10);

const opened: Simulator[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((sim) => sim.close()));
});

async function open(
  archiveDefects: readonly ArchiveDefect[],
  options: SimulatorOptions = {},
): Promise<Simulator> {
  const sim = await startSimulator({
    clock: createVirtualClock({ startMs: START, auto: false }),
    seed: 9,
    archiveDefects,
    ...options,
  });
  opened.push(sim);
  return sim;
}

async function served(sim: Simulator, symbol = 'BTCUSDT', day = DAY) {
  const zip = await getBytes(sim.url, metricsPath(symbol, day));
  const checksum = await getBytes(sim.url, `${metricsPath(symbol, day)}.CHECKSUM`);
  const csv = zip.status === 200 ? unzipText(zip.bytes)[`${symbol}-metrics-${day}.csv`]! : '';
  return { zip, checksum, records: csvRecords(csv) };
}

/** The archive form of the API's open interest at a snapshot. */
const apiOpenInterest = (sim: Simulator, timeMs: number, symbol = 'BTCUSDT'): string =>
  trimDecimals(sim.truth.historyValuesAt(symbol, timeMs).sumOpenInterest);

const labelOf = (timeOfDay: string): string => `${DAY} ${timeOfDay}:00`;

describe('archive defects (binance-api.md 4)', () => {
  it('[4] missing: 404 for the zip and its CHECKSUM, absent from the listing, until Binance fixes it', async () => {
    const fixedAtMs = START + 3_600_000;
    const sim = await open([{ kind: 'missing', symbol: 'BTCUSDT', day: DAY, fixedAtMs }]);
    const broken = await served(sim);
    expect([broken.zip.status, broken.checksum.status]).toEqual([404, 404]);
    expect(broken.zip.text).toContain('<Code>NoSuchKey</Code>');
    expect(sim.truth.archiveDay('um', 'BTCUSDT', DAY)).toBeUndefined();
    const listing = await getBytes(
      sim.url,
      `/?prefix=data/futures/um/daily/metrics/BTCUSDT/BTCUSDT-metrics-2026-05-&delimiter=/`,
    );
    const keys = xmlValues(listing.text, 'Key');
    expect(keys).toHaveLength(2 * 30);
    expect(keys.some((key) => key.includes(DAY))).toBe(false);
    // Other symbols' files of the same day are untouched.
    expect((await getBytes(sim.url, metricsPath('ETHUSDT', DAY))).status).toBe(200);

    await (sim.clock as VirtualClock).advance(fixedAtMs - START);
    const fixed = await served(sim);
    expect(fixed.zip.status).toBe(200);
    expect(fixed.records).toHaveLength(288);
    expect(fixed.zip.headers.get('last-modified')).toBe(new Date(fixedAtMs).toUTCString());
  });

  it('[4] partial: the rows stop at the given label (163 rows, as BTCUSDT 2024-02-16 did)', async () => {
    const sim = await open([{ kind: 'partial', symbol: 'BTCUSDT', day: DAY, lastTime: '13:30' }]);
    const { records } = await served(sim);
    expect(records).toHaveLength(162);
    expect(records.at(-1)![0]).toBe(labelOf('13:30'));
    const started = await open([
      { kind: 'partial', symbol: 'BTCUSDT', day: '2026-06-30', lastTime: '13:30' },
    ]);
    // Start-of-period from 2026-06-25: 00:00 .. 13:30 is 163 rows.
    expect((await served(started, 'BTCUSDT', '2026-06-30')).records).toHaveLength(163);
  });

  it('[4] checksumMismatch: the CHECKSUM names the zip but states another digest', async () => {
    const sim = await open([{ kind: 'checksumMismatch', symbol: 'BTCUSDT', day: DAY }]);
    const { zip, checksum, records } = await served(sim);
    expect(records).toHaveLength(288);
    const [digest, name] = checksum.text.trimEnd().split('  ');
    expect(name).toBe(`BTCUSDT-metrics-${DAY}.zip`);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(digest).not.toBe(sha256Hex(zip.bytes));
    expect(sim.truth.archiveDay('um', 'BTCUSDT', DAY)!.sha256).toBe(sha256Hex(zip.bytes));
  });

  it('[4] zeroOpenInterest and blankValues: the rows at the given labels, only those', async () => {
    const sim = await open([
      { kind: 'zeroOpenInterest', symbol: 'BTCUSDT', day: DAY, times: ['23:55', '00:00'] },
      { kind: 'blankValues', symbol: 'ETHUSDT', day: DAY, times: ['08:00'] },
    ]);
    const zero = (await served(sim)).records;
    expect(zero).toHaveLength(288);
    const zeroed = zero.filter((record) => record[2] === '0');
    expect(zeroed.map((record) => [record[0], record[3]])).toEqual([
      [labelOf('23:55'), '0'],
      ['2026-05-11 00:00:00', '0'],
    ]);
    const blank = (await served(sim, 'ETHUSDT')).records;
    const blanked = blank.filter((record) => record[2] === '' && record[3] === '');
    expect(blanked.map((record) => record[0])).toEqual([labelOf('08:00')]);
    expect(blank.find((record) => record[0] === labelOf('08:05'))![2]).toBe(
      apiOpenInterest(sim, DAY_MS + 8 * 3_600_000 + SLOT, 'ETHUSDT'),
    );
  });

  it('[4] duplicateRows: identical copies; conflictingDuplicates: copies with another open interest', async () => {
    const sim = await open([
      { kind: 'duplicateRows', symbol: 'BTCUSDT', day: DAY, times: ['12:00', '12:05'] },
      { kind: 'conflictingDuplicates', symbol: 'ETHUSDT', day: DAY },
    ]);
    const same = (await served(sim)).records;
    expect(same).toHaveLength(290);
    const noon = same.filter((record) => record[0] === labelOf('12:00'));
    expect(noon).toHaveLength(2);
    expect(noon[1]).toEqual(noon[0]);

    const conflicting = (await served(sim, 'ETHUSDT')).records;
    expect(conflicting).toHaveLength(289);
    const pair = conflicting.filter((record) => record[0] === labelOf('12:00'));
    expect(pair).toHaveLength(2);
    expect(pair[0]![2]).toBe(apiOpenInterest(sim, DAY_MS + 12 * 3_600_000, 'ETHUSDT'));
    expect(pair[1]![2]).not.toBe(pair[0]![2]);
    expect(pair[1]![3]).not.toBe(pair[0]![3]);
  });

  it('[4] undecidableLabels: shifted 2.5 minutes off the grid, or mixed so both midnights occur', async () => {
    const sim = await open([
      { kind: 'undecidableLabels', symbol: 'BTCUSDT', day: DAY },
      { kind: 'undecidableLabels', symbol: 'ETHUSDT', day: DAY, variant: 'mixed' },
    ]);
    const shifted = (await served(sim)).records;
    expect(shifted).toHaveLength(288);
    expect(shifted.every((record) => /:\d[27]:30$/.test(record[0]!))).toBe(true);
    expect([shifted[0]![0], shifted.at(-1)![0]]).toEqual(['2026-05-10 00:02:30', '2026-05-10 23:57:30']);

    const mixed = (await served(sim, 'ETHUSDT')).records;
    const labels = mixed.map((record) => record[0]);
    expect(mixed).toHaveLength(288);
    expect(labels).toContain(labelOf('00:00'));
    expect(labels).toContain('2026-05-11 00:00:00');
    expect(labels).not.toContain(labelOf('12:00'));
    expect(new Set(labels).size).toBe(288);
  });

  it('[4] apiMismatch: every row (or the given ones) carries another open interest than the API', async () => {
    const sim = await open([
      { kind: 'apiMismatch', symbol: 'BTCUSDT', day: DAY },
      { kind: 'apiMismatch', symbol: 'ETHUSDT', day: DAY, times: ['06:00'] },
    ]);
    const all = (await served(sim)).records;
    expect(all).toHaveLength(288);
    for (const [index, record] of all.entries()) {
      expect(record[2]).not.toBe(apiOpenInterest(sim, DAY_MS + (index + 1) * SLOT));
    }
    const one = (await served(sim, 'ETHUSDT')).records;
    const differing = one.filter(
      (record, index) => record[2] !== apiOpenInterest(sim, DAY_MS + (index + 1) * SLOT, 'ETHUSDT'),
    );
    expect(differing.map((record) => record[0])).toEqual([labelOf('06:00')]);
  });

  it('[4] reupload: from the given time the bytes change in one value, with a new ETag, Last-Modified and CHECKSUM', async () => {
    const atMs = START + 2 * 3_600_000;
    const sim = await open([{ kind: 'reupload', symbol: 'BTCUSDT', day: DAY, atMs, time: '09:30' }]);
    const before = await served(sim);
    const listingBefore = await getBytes(sim.url, `/?prefix=${metricsPath('BTCUSDT', DAY).slice(1)}`);
    await (sim.clock as VirtualClock).advance(atMs - START);
    const after = await served(sim);

    expect(after.zip.headers.get('etag')).not.toBe(before.zip.headers.get('etag'));
    expect(before.zip.headers.get('last-modified')).toBe(new Date(Date.UTC(2026, 4, 11, 1)).toUTCString());
    expect(after.zip.headers.get('last-modified')).toBe(new Date(atMs).toUTCString());
    expect(after.checksum.text).toBe(`${sha256Hex(after.zip.bytes)}  BTCUSDT-metrics-${DAY}.zip\n`);
    expect(after.checksum.text).not.toBe(before.checksum.text);
    const changed = after.records.filter((record, index) => record.join() !== before.records[index]!.join());
    expect(changed).toHaveLength(1);
    expect(changed[0]![0]).toBe(labelOf('09:30'));
    expect(before.records.find((record) => record[0] === labelOf('09:30'))![2]).toBe(
      apiOpenInterest(sim, DAY_MS + 9.5 * 3_600_000),
    );
    const listingAfter = await getBytes(sim.url, `/?prefix=${metricsPath('BTCUSDT', DAY).slice(1)}`);
    expect(xmlValues(listingBefore.text, 'ETag')[0]).toBe(
      before.zip.headers.get('etag')!.replaceAll('"', '&quot;'),
    );
    expect(xmlValues(listingAfter.text, 'ETag')[0]).toBe(
      after.zip.headers.get('etag')!.replaceAll('"', '&quot;'),
    );
    expect(xmlValues(listingAfter.text, 'LastModified')[0]).toBe(new Date(atMs).toISOString());
  });

  it('[4] defects apply to COIN-M files too, and the truth marks the rows they touched', async () => {
    const sim = await open([{ kind: 'zeroOpenInterest', market: 'cm', symbol: 'ETHUSD_PERP', day: DAY }]);
    const file = sim.truth.archiveDay('cm', 'ETHUSD_PERP', DAY)!;
    const touched = file.rows.filter((row) => row.defect !== undefined);
    expect(touched.map((row) => [row.createTime, row.sumOpenInterest, row.defect])).toEqual([
      [labelOf('12:00'), '0.00000000', 'zeroOpenInterest'],
    ]);
    expect(file.defects).toEqual([
      { kind: 'zeroOpenInterest', market: 'cm', symbol: 'ETHUSD_PERP', day: DAY },
    ]);
  });

  it.each([
    [{ kind: 'missing', symbol: 'NOPEUSDT', day: DAY }],
    [{ kind: 'missing', symbol: 'BTCUSDT', day: '2026-02-30' }],
    [{ kind: 'missing', symbol: 'BTCUSDT', day: '2020-08-31' }],
    [{ kind: 'missing', symbol: 'DELISTEDUSDT', day: '2026-07-09' }],
    [{ kind: 'missing', market: 'cm', symbol: 'BTCUSDT', day: DAY }],
    [{ kind: 'blankValues', symbol: 'BTCUSDT', day: DAY, times: ['12:03'] }],
    [{ kind: 'partial', symbol: 'BTCUSDT', day: DAY, lastTime: '25:00' }],
    [{ kind: 'gone', symbol: 'BTCUSDT', day: DAY }],
  ])('[4] a defect the archive cannot place is refused: %j', async (defect) => {
    await expect(open([defect as ArchiveDefect])).rejects.toMatchObject({
      code: 'SIM_INVALID_ARCHIVE_DEFECT',
    });
  });
});
