import { createHash } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import { strToU8, Zip, type ZipInputFile } from 'fflate';

/** The bytes of one day's zip, its `.CHECKSUM`, and their S3 ETags. */
export interface ZippedDayFile {
  readonly zip: Uint8Array;
  /** Lower-case hex SHA-256 of the zip. */
  readonly sha256: string;
  /** `"<md5 hex>"` of the zip, as S3 gives a single-part object. */
  readonly etag: string;
  /** The `.CHECKSUM` text as served. */
  readonly checksum: string;
  readonly checksumEtag: string;
}

/** The S3 ETag of a single-part object: its MD5 in quotes. */
export function s3Etag(bytes: Uint8Array | string): string {
  return `"${createHash('md5').update(bytes).digest('hex')}"`;
}

/**
 * A zip holding one CSV. fflate writes the container; the deflating is node's zlib, several times
 * faster than fflate's own, which matters when a listing or a backfill builds thousands of days.
 * fflate's streaming writer puts sizes in a data descriptor after the data (flag bit 3); unzippers
 * read them from the central directory. It writes the entry time in DOS form from the Date's local
 * fields, so the instant is handed over as a Date whose local fields are the UTC ones: the bytes
 * (and so the SHA-256 and ETag) are the same in every time zone.
 */
function zipOne(name: string, text: string, modifiedMs: number): Uint8Array {
  const utc = new Date(modifiedMs);
  const mtime = new Date(
    utc.getUTCFullYear(),
    utc.getUTCMonth(),
    utc.getUTCDate(),
    utc.getUTCHours(),
    utc.getUTCMinutes(),
    utc.getUTCSeconds(),
  );
  const data = strToU8(text);
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error !== null) throw error;
    chunks.push(chunk);
  });
  const entry: ZipInputFile = { filename: name, size: data.length, crc: crc32(data), compression: 8, mtime };
  zip.add(entry);
  entry.ondata?.(null, deflateRawSync(data, { level: 6 }), true);
  zip.end();
  return Buffer.concat(chunks);
}

/**
 * Zips a day's CSV and writes its checksum line (`<sha256>  <zip name>\n`, as `sha256sum` prints
 * it). With `badChecksum` the line carries the digest of other bytes, as in the real mismatches.
 */
export function zipDayFile(
  zipName: string,
  csvName: string,
  csv: string,
  modifiedMs: number,
  badChecksum: boolean,
): ZippedDayFile {
  const zip = zipOne(csvName, csv, modifiedMs);
  const sha256 = createHash('sha256').update(zip).digest('hex');
  const stated = badChecksum ? createHash('sha256').update(zip).update(zipName).digest('hex') : sha256;
  const checksum = `${stated}  ${zipName}\n`;
  return { zip, sha256, etag: s3Etag(zip), checksum, checksumEtag: s3Etag(checksum) };
}
