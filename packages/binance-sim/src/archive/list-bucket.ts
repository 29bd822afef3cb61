import type { SimResponse } from '../server/sim-response.ts';
import type { ArchiveObjectMeta, ArchiveStore } from './archive-store.ts';
import { escapeXml, s3ErrorResponse, s3Headers, XML_TYPE, xmlDocument } from './s3-xml.ts';

/** The bucket name the listing reports. */
const BUCKET = 'data.binance.vision';
/** S3 never returns more than 1000 keys per page. */
const MAX_KEYS = 1000;

/** The parameters of a ListObjects (version 1) request. */
export interface ListQuery {
  readonly prefix: string;
  readonly delimiter: string;
  readonly marker: string;
  readonly maxKeys: number;
}

/** One page of a listing. */
export interface ListPage {
  readonly contents: readonly ArchiveObjectMeta[];
  readonly commonPrefixes: readonly string[];
  readonly isTruncated: boolean;
  /** The last key or common prefix of the page (S3 sends it as `NextMarker` when a delimiter is set). */
  readonly nextMarker: string | undefined;
}

/** The first index of a sorted list whose key is after `marker`. */
function firstAfter(keys: readonly string[], marker: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (keys[mid]! <= marker) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Lists the bucket like S3's ListObjects: keys in order after `marker`, those under `prefix` with
 * a `delimiter` after it rolled up into common prefixes, at most `maxKeys` entries. Only keys that
 * end up in `Contents` are built, so rolling a thousand symbols up into prefixes builds no file.
 */
export function listBucket(store: ArchiveStore, query: ListQuery, nowMs: number): ListPage {
  const { prefix, delimiter, marker, maxKeys } = query;
  const contents: ArchiveObjectMeta[] = [];
  const commonPrefixes: string[] = [];
  let isTruncated = false;
  let last: string | undefined;
  // A marker that is a common prefix (S3's NextMarker) skips every key under it.
  const skipsUnder = delimiter !== '' && marker.endsWith(delimiter) ? marker : undefined;
  const passes = (key: string): boolean =>
    key > marker && (skipsUnder === undefined || !key.startsWith(skipsUnder));
  const rollUp = (text: string): string | undefined => {
    if (delimiter === '' || !text.startsWith(prefix)) return undefined;
    const at = text.indexOf(delimiter, prefix.length);
    return at < 0 ? undefined : text.slice(0, at + delimiter.length);
  };
  const full = (): boolean => {
    if (contents.length + commonPrefixes.length < maxKeys) return false;
    isTruncated = true;
    return true;
  };
  const addPrefix = (commonPrefix: string): void => {
    if (commonPrefixes.at(-1) === commonPrefix) return;
    commonPrefixes.push(commonPrefix);
    last = commonPrefix;
  };

  for (const dir of store.directories) {
    if (!dir.path.startsWith(prefix) && !prefix.startsWith(dir.path)) continue;
    const dirPrefix = rollUp(dir.path);
    if (dirPrefix !== undefined) {
      // Every key of the directory rolls up into one prefix: no need to list the keys.
      if (
        commonPrefixes.at(-1) === dirPrefix ||
        (skipsUnder !== undefined && dirPrefix.startsWith(skipsUnder))
      ) {
        continue;
      }
      if (!store.hasKeys(dir, nowMs)) continue;
      const keys = marker.startsWith(dirPrefix) ? store.keysOf(dir, nowMs) : undefined;
      const anyAfter =
        keys === undefined ? dirPrefix > marker : keys.slice(firstAfter(keys, marker)).some(passes);
      if (!anyAfter) continue;
      if (full()) break;
      addPrefix(dirPrefix);
      continue;
    }
    const keys = store.keysOf(dir, nowMs);
    for (let index = firstAfter(keys, marker); index < keys.length; index += 1) {
      const key = keys[index]!;
      if (!key.startsWith(prefix) || !passes(key)) continue;
      const keyPrefix = rollUp(key);
      if (keyPrefix !== undefined && commonPrefixes.at(-1) === keyPrefix) continue;
      if (full()) break;
      if (keyPrefix !== undefined) {
        addPrefix(keyPrefix);
        continue;
      }
      const meta = store.meta(key, nowMs);
      if (meta === undefined) continue;
      contents.push(meta);
      last = key;
    }
    if (isTruncated) break;
  }
  return { contents, commonPrefixes, isTruncated, nextMarker: isTruncated ? last : undefined };
}

/** Reads `prefix`, `delimiter`, `marker` and `max-keys`; a bad `max-keys` gets S3's 400. */
export function parseListQuery(
  query: Readonly<Record<string, string>>,
  nowMs: number,
): { ok: true; value: ListQuery } | { ok: false; error: SimResponse } {
  const raw = query['max-keys'];
  let maxKeys = MAX_KEYS;
  if (raw !== undefined) {
    if (!/^[0-9]{1,9}$/.test(raw)) {
      return {
        ok: false,
        error: s3ErrorResponse(
          400,
          'InvalidArgument',
          'Provided max-keys not an integer or within integer range',
          nowMs,
        ),
      };
    }
    maxKeys = Math.min(MAX_KEYS, Number(raw));
  }
  return {
    ok: true,
    value: {
      prefix: query['prefix'] ?? '',
      delimiter: query['delimiter'] ?? '',
      marker: query['marker'] ?? '',
      maxKeys,
    },
  };
}

/** The `ListBucketResult` document of a page. */
export function renderListing(query: ListQuery, page: ListPage, nowMs: number): SimResponse {
  const parts = [
    `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${BUCKET}</Name>`,
    `<Prefix>${escapeXml(query.prefix)}</Prefix><Marker>${escapeXml(query.marker)}</Marker>`,
  ];
  if (page.nextMarker !== undefined && query.delimiter !== '') {
    parts.push(`<NextMarker>${escapeXml(page.nextMarker)}</NextMarker>`);
  }
  parts.push(`<MaxKeys>${query.maxKeys}</MaxKeys>`);
  if (query.delimiter !== '') parts.push(`<Delimiter>${escapeXml(query.delimiter)}</Delimiter>`);
  parts.push(`<IsTruncated>${page.isTruncated}</IsTruncated>`);
  for (const item of page.contents) {
    parts.push(
      `<Contents><Key>${escapeXml(item.key)}</Key><LastModified>${new Date(item.lastModifiedMs).toISOString()}</LastModified>` +
        `<ETag>${escapeXml(item.etag)}</ETag><Size>${item.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
    );
  }
  for (const commonPrefix of page.commonPrefixes) {
    parts.push(`<CommonPrefixes><Prefix>${escapeXml(commonPrefix)}</Prefix></CommonPrefixes>`);
  }
  parts.push('</ListBucketResult>');
  return {
    status: 200,
    body: xmlDocument(parts.join('')),
    contentType: XML_TYPE,
    headers: s3Headers(query.prefix, nowMs),
  };
}
