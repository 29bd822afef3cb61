import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVirtualClock } from '../clock/virtual-clock.ts';
import { type Simulator, startSimulator } from '../simulator.ts';
import { getBytes, metricsPath, xmlValues } from '../test-support/archive.ts';

const START = Date.UTC(2026, 6, 10, 12, 0, 0);
const DIR = 'data/futures/um/daily/metrics/BTCUSDT/';

let sim: Simulator;

beforeAll(async () => {
  // The archive starts 2025-01-01 here so that a whole directory is two pages, not five.
  sim = await startSimulator({
    clock: createVirtualClock({ startMs: START, auto: false }),
    seed: 4,
    archiveFirstDay: '2025-01-01',
    archiveDefects: [{ kind: 'missing', symbol: 'BTCUSDT', day: '2025-03-01' }],
  });
});
afterAll(() => sim.close());

const list = (query: string) => getBytes(sim.url, `/?${query}`);

describe('S3 listing of the archive (binance-api.md 4)', () => {
  it('[4] a directory lists .zip and .CHECKSUM keys with LastModified, ETag and Size, 1000 keys per page', async () => {
    const first = await list(`delimiter=/&prefix=${DIR}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/xml');
    expect(first.text).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<ListBucketResult xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/"><Name>data.binance.vision<\/Name>/,
    );
    expect(xmlValues(first.text, 'IsTruncated')).toEqual(['true']);
    expect(xmlValues(first.text, 'MaxKeys')).toEqual(['1000']);
    const firstKeys = xmlValues(first.text, 'Key');
    expect(firstKeys).toHaveLength(1000);
    expect(firstKeys.slice(0, 2)).toEqual([
      `${DIR}BTCUSDT-metrics-2025-01-01.zip`,
      `${DIR}BTCUSDT-metrics-2025-01-01.zip.CHECKSUM`,
    ]);
    const [nextMarker] = xmlValues(first.text, 'NextMarker');
    expect(nextMarker).toBe(firstKeys.at(-1));

    const second = await list(`delimiter=/&prefix=${DIR}&marker=${nextMarker}`);
    expect(xmlValues(second.text, 'IsTruncated')).toEqual(['false']);
    expect(xmlValues(second.text, 'NextMarker')).toEqual([]);
    const keys = [...firstKeys, ...xmlValues(second.text, 'Key')];
    // 2025-01-01 .. 2026-07-09 is 555 days; 2025-03-01 is missing.
    expect(keys).toHaveLength(2 * 554);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.slice().sort()).toEqual(keys);
    expect(keys.some((key) => key.includes('2025-03-01'))).toBe(false);
    expect(keys.at(-1)).toBe(`${DIR}BTCUSDT-metrics-2026-07-09.zip.CHECKSUM`);
  });

  it('[4] Size, ETag and LastModified of a listed key are those of the object', async () => {
    const page = await list(`prefix=${DIR}BTCUSDT-metrics-2026-06-2`);
    const keys = xmlValues(page.text, 'Key');
    expect(keys).toHaveLength(20);
    const sizes = xmlValues(page.text, 'Size');
    const etags = xmlValues(page.text, 'ETag');
    const modified = xmlValues(page.text, 'LastModified');
    for (const index of [0, 1, 10, 11]) {
      const object = await getBytes(sim.url, `/${keys[index]}`);
      expect(Number(sizes[index])).toBe(object.bytes.length);
      expect(etags[index]).toBe(object.headers.get('etag')!.replaceAll('"', '&quot;'));
      expect(new Date(modified[index]!).toUTCString()).toBe(object.headers.get('last-modified'));
    }
    expect(xmlValues(page.text, 'StorageClass')).toEqual(Array(20).fill('STANDARD'));
  });

  it('[4] max-keys and marker page through every key once, in order; NextMarker only with a delimiter', async () => {
    const prefix = `${DIR}BTCUSDT-metrics-2026-06-`;
    const all = xmlValues((await list(`prefix=${prefix}`)).text, 'Key');
    expect(all).toHaveLength(60);
    const seen: string[] = [];
    let marker = '';
    for (let page = 0; page < 30; page += 1) {
      const res = await list(`prefix=${prefix}&max-keys=7&marker=${marker}`);
      const keys = xmlValues(res.text, 'Key');
      expect(keys.length).toBeLessThanOrEqual(7);
      expect(xmlValues(res.text, 'NextMarker')).toEqual([]);
      seen.push(...keys);
      if (xmlValues(res.text, 'IsTruncated')[0] === 'false') break;
      marker = keys.at(-1)!;
    }
    expect(seen).toEqual(all);
  });

  it('[4] a delimiter rolls symbols up into CommonPrefixes, markets too', async () => {
    const symbols = await list('delimiter=/&prefix=data/futures/um/daily/metrics/');
    const prefixes = xmlValues(symbols.text, 'Prefix').slice(1);
    expect(xmlValues(symbols.text, 'Key')).toEqual([]);
    expect(prefixes).toEqual(
      sim.universe.map((symbol) => `data/futures/um/daily/metrics/${symbol.symbol}/`).sort(),
    );
    const paged = await list('delimiter=/&prefix=data/futures/um/daily/metrics/&max-keys=2');
    const [nextMarker] = xmlValues(paged.text, 'NextMarker');
    expect(nextMarker).toBe(prefixes[1]);
    const rest = await list(`delimiter=/&prefix=data/futures/um/daily/metrics/&marker=${nextMarker}`);
    expect(xmlValues(rest.text, 'Prefix').slice(1)).toEqual(prefixes.slice(2));

    const markets = await list('delimiter=/&prefix=data/futures/');
    expect(xmlValues(markets.text, 'Prefix').slice(1)).toEqual(['data/futures/cm/', 'data/futures/um/']);
    // [3][4] every COIN-M contract with a published day, quarterlies included; not one listing later.
    const coinM = await list('delimiter=/&prefix=data/futures/cm/daily/metrics/');
    const coinMPrefixes = xmlValues(coinM.text, 'Prefix').slice(1);
    expect(coinMPrefixes).toEqual(
      sim.coinMUniverse
        .filter((contract) => sim.truth.archiveDayRange('cm', contract.symbol) !== undefined)
        .map((contract) => `data/futures/cm/daily/metrics/${contract.symbol}/`)
        .sort(),
    );
    for (const contract of [
      'BTCUSD_PERP',
      'ETHUSD_PERP',
      'BTCUSD_260626',
      'BTCUSD_260925',
      'BTCUSD_261225',
    ]) {
      expect(coinMPrefixes).toContain(`data/futures/cm/daily/metrics/${contract}/`);
    }
    expect(sim.coinMUniverse.some((contract) => contract.symbol === 'BTCUSD_270326')).toBe(true);
    expect(coinMPrefixes).not.toContain('data/futures/cm/daily/metrics/BTCUSD_270326/');
  });

  it('[4] the bucket also answers path-style under its name; a bad max-keys is InvalidArgument', async () => {
    const pathStyle = await getBytes(sim.url, `/data.binance.vision?prefix=${DIR}BTCUSDT-metrics-2026-06-01`);
    expect(xmlValues(pathStyle.text, 'Key')).toEqual([
      `${DIR}BTCUSDT-metrics-2026-06-01.zip`,
      `${DIR}BTCUSDT-metrics-2026-06-01.zip.CHECKSUM`,
    ]);
    expect(
      (await getBytes(sim.url, `/data.binance.vision/${metricsPath('BTCUSDT', '2026-06-01').slice(1)}`))
        .status,
    ).toBe(200);
    const bad = await list('prefix=data/&max-keys=ten');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<Code>InvalidArgument</Code>');
  });
});
