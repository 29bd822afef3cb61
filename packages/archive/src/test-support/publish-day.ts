import type { Clock } from '@oi/retry';
import { type DayRequest, locateDay } from '../client/day-request.ts';
import type { LabelConvention } from '../day/label-convention.ts';
import type { MetricsRow } from '../file/metrics-csv.ts';
import type { ArchiveTestServer } from './archive-server.ts';
import { fullDayRows, metricsCsv, sha256Hex, zipOne } from './metrics-files.ts';

/** What {@link publishDay} put on the server. */
export interface PublishedDay {
  readonly zip: Uint8Array;
  readonly sha256: string;
  readonly zipPath: string;
  readonly checksumPath: string;
}

/** Serves a day's zip (full-day rows in `convention` unless `rows` are given) and its correct `.CHECKSUM`. */
export function publishDay(
  server: ArchiveTestServer,
  request: DayRequest,
  convention: LabelConvention,
  rows: readonly MetricsRow[] = fullDayRows(request.symbol, request.day, convention),
): PublishedDay {
  const location = locateDay(request);
  const zip = zipOne(location.csvName, metricsCsv(rows));
  const sha256 = sha256Hex(zip);
  server.script(location.zipPath, {
    kind: 'file',
    body: zip,
    headers: { etag: `"${sha256.slice(0, 32)}"`, 'last-modified': 'Sat, 17 Feb 2024 08:12:45 GMT' },
  });
  server.script(location.checksumPath, { kind: 'file', body: `${sha256}  ${location.zipName}\n` });
  return { zip, sha256, zipPath: location.zipPath, checksumPath: location.checksumPath };
}

/** A clock whose sleeps return at once and are recorded: retry tests see the waits without waiting. */
export function createRecordingClock(): Clock & { readonly sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => Date.now(),
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
    },
    hold: () => () => {},
  };
}
