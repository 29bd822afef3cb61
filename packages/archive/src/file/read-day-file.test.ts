import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { locateDay } from '../client/day-request.ts';
import { fullDayRows, metricsCsv, sha256Hex, zipOne } from '../test-support/metrics-files.ts';
import { METRICS_HEADER, type MetricsRow } from './metrics-csv.ts';
import { type DownloadedDay, readDayFile } from './read-day-file.ts';

const REQUEST = { market: 'um', symbol: 'BTCUSDT', day: '2024-02-16' } as const;
const LOCATION = locateDay(REQUEST);

function downloaded(zip: Uint8Array, checksumText?: string | null): DownloadedDay {
  return {
    location: LOCATION,
    symbol: REQUEST.symbol,
    zip,
    checksumText:
      checksumText === null ? undefined : (checksumText ?? `${sha256Hex(zip)}  ${LOCATION.zipName}\n`),
    hint: 'end-of-period',
  };
}

const csvZip = (rows: readonly MetricsRow[], header?: readonly string[]) =>
  zipOne(LOCATION.csvName, metricsCsv(rows, header));
const fullDay = fullDayRows('BTCUSDT', REQUEST.day, 'end-of-period');

describe('readDayFile', () => {
  it('reads a verified day and identifies its zip', () => {
    const zip = csvZip(fullDay);
    const outcome = readDayFile({ ...downloaded(zip), etag: '"abc"' });
    expect(outcome).toMatchObject({
      kind: 'day',
      rowCount: 288,
      file: { path: LOCATION.zipPath, sizeBytes: zip.byteLength, sha256: sha256Hex(zip), etag: '"abc"' },
    });
    expect(outcome.file).not.toHaveProperty('lastModified');
  });

  it.each<[string, DownloadedDay, string]>([
    ['no checksum file', downloaded(csvZip(fullDay), null), 'checksum-missing'],
    [
      'a checksum of another file',
      downloaded(csvZip(fullDay), `${'a'.repeat(64)}  ETHUSDT-metrics-2024-02-16.zip`),
      'bad-checksum-file',
    ],
    ['an HTML page for a checksum', downloaded(csvZip(fullDay), '<html></html>'), 'bad-checksum-file'],
    [
      'a wrong digest',
      downloaded(csvZip(fullDay), `${'a'.repeat(64)}  ${LOCATION.zipName}`),
      'checksum-mismatch',
    ],
    ['a zip that is not one', downloaded(strToU8('PK but not really')), 'bad-zip'],
    [
      'a CSV of another day',
      downloaded(zipSync({ 'BTCUSDT-metrics-2024-02-17.csv': strToU8(metricsCsv(fullDay)) })),
      'bad-zip',
    ],
    [
      'a renamed column',
      downloaded(
        csvZip(
          fullDay,
          METRICS_HEADER.map((name) => (name === 'sum_open_interest' ? 'oi' : name)),
        ),
      ),
      'bad-header',
    ],
    ['a header only', downloaded(csvZip([])), 'no-rows'],
    [
      'rows of another symbol',
      downloaded(csvZip(fullDayRows('ETHUSDT', REQUEST.day, 'end-of-period'))),
      'wrong-symbol',
    ],
    [
      'rows of another day',
      downloaded(csvZip(fullDayRows('BTCUSDT', '2024-02-18', 'end-of-period'))),
      'undecidable-labels',
    ],
    [
      'both 00:00 labels',
      downloaded(csvZip([...fullDay, ...fullDayRows('BTCUSDT', REQUEST.day, 'start-of-period')])),
      'undecidable-labels',
    ],
  ])('rejects %s', (_name, input, reason) => {
    expect(readDayFile(input)).toMatchObject({
      kind: 'rejected',
      reason,
      file: { sha256: sha256Hex(input.zip) },
    });
  });

  it('upper-case digests verify too', () => {
    const zip = csvZip(fullDay);
    expect(readDayFile(downloaded(zip, `${sha256Hex(zip).toUpperCase()}  ${LOCATION.zipName}`)).kind).toBe(
      'day',
    );
  });
});
