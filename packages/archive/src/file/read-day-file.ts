import { createHash } from 'node:crypto';
import type { DayLocation } from '../client/day-request.ts';
import { buildDay } from '../day/build-day.ts';
import type { LabelConvention } from '../day/label-convention.ts';
import type { ArchiveFile } from './archive-file.ts';
import { parseChecksumFile } from './checksum-file.ts';
import type { ArchiveRejectReason, DayOutcome } from './day-outcome.ts';
import { parseMetricsCsv } from './metrics-csv.ts';
import { unzipMetrics } from './unzip-metrics.ts';

/** A downloaded day: the zip with its headers and the text of its `.CHECKSUM`. */
export interface DownloadedDay {
  /** Where the files came from and what they must be called. */
  readonly location: DayLocation;
  /** The symbol every row must name. */
  readonly symbol: string;
  /** The zip's bytes. */
  readonly zip: Uint8Array;
  /** The zip's `ETag` header, when sent. */
  readonly etag?: string;
  /** The zip's `Last-Modified` header, when sent. */
  readonly lastModified?: string;
  /** The `.CHECKSUM` file's text; `undefined` when the archive has none for this zip. */
  readonly checksumText: string | undefined;
  /** Tie-breaker for a file whose labels fit both conventions. */
  readonly hint: LabelConvention;
}

type ReadOutcome = Exclude<DayOutcome, { kind: 'missing' }>;

/**
 * Verifies and reads a downloaded day: the SHA-256 against the `.CHECKSUM`, then the zip, the CSV
 * header, the rows and their labels. Any failure rejects the whole file; defects of single rows
 * are reported within the day.
 */
export function readDayFile(input: DownloadedDay): ReadOutcome {
  const { location } = input;
  const file: ArchiveFile = Object.freeze({
    path: location.zipPath,
    sizeBytes: input.zip.byteLength,
    sha256: createHash('sha256').update(input.zip).digest('hex'),
    ...(input.etag === undefined ? {} : { etag: input.etag }),
    ...(input.lastModified === undefined ? {} : { lastModified: input.lastModified }),
  });
  const reject = (reason: ArchiveRejectReason, detail: string): ReadOutcome =>
    Object.freeze({ kind: 'rejected', reason, detail, file });

  if (input.checksumText === undefined) return reject('checksum-missing', `no ${location.zipName}.CHECKSUM`);
  const checksum = parseChecksumFile(input.checksumText, location.zipName);
  if (checksum.kind === 'invalid') return reject('bad-checksum-file', checksum.detail);
  if (checksum.sha256 !== file.sha256) {
    return reject('checksum-mismatch', `CHECKSUM says ${checksum.sha256}, the zip is ${file.sha256}`);
  }
  const unzipped = unzipMetrics(input.zip, location.csvName);
  if (unzipped.kind === 'invalid') return reject('bad-zip', unzipped.detail);
  const csv = parseMetricsCsv(unzipped.text);
  if (csv.kind === 'invalid') return reject(csv.reason, csv.detail);
  const day = buildDay({
    rows: csv.rows,
    symbol: input.symbol,
    dayStartMs: location.dayStartMs,
    hint: input.hint,
  });
  if (day.kind === 'rejected') return reject(day.reason, day.detail);
  return Object.freeze({ ...day, file, rowCount: csv.rows.length });
}
