import type { EndpointName, Route } from '../server/route-request.ts';
import type { SimResponse } from '../server/sim-response.ts';
import type { ArchiveStore } from './archive-store.ts';
import { listBucket, parseListQuery, renderListing } from './list-bucket.ts';
import { noSuchKeyResponse, s3ErrorResponse, s3Headers } from './s3-xml.ts';

// The bucket answers both at the root (data.binance.vision) and path-style under its name (the
// s3-ap-northeast-1.amazonaws.com/data.binance.vision address the listing is usually read from).
const BUCKET_PATH = '/data.binance.vision';

/** The bucket key a path names, or undefined when the path is not the archive's. */
function keyOfPath(path: string): string | undefined {
  const inBucket =
    path === BUCKET_PATH || path.startsWith(`${BUCKET_PATH}/`) ? path.slice(BUCKET_PATH.length) : path;
  if (inBucket === '' || inBucket === '/') return '';
  if (!inBucket.startsWith('/data/')) return undefined;
  try {
    return decodeURIComponent(inBucket.slice(1));
  } catch {
    return inBucket.slice(1);
  }
}

function endpointOfKey(key: string): EndpointName {
  if (key === '') return 'archiveListing';
  if (key.endsWith('.zip')) return 'archiveZip';
  if (key.endsWith('.zip.CHECKSUM')) return 'archiveChecksum';
  return 'archiveOther';
}

function answerObject(store: ArchiveStore, key: string, nowMs: number): SimResponse {
  const object = store.object(key, nowMs);
  if (object === undefined) return noSuchKeyResponse(key, nowMs);
  return {
    status: 200,
    body: object.body,
    contentType: object.contentType,
    headers: {
      ETag: object.etag,
      'Last-Modified': new Date(object.lastModifiedMs).toUTCString(),
      'Accept-Ranges': 'bytes',
      ...s3Headers(key, nowMs),
    },
  };
}

function answerListing(
  store: ArchiveStore,
  query: Readonly<Record<string, string>>,
  nowMs: number,
): SimResponse {
  const parsed = parseListQuery(query, nowMs);
  if (!parsed.ok) return parsed.error;
  return renderListing(parsed.value, listBucket(store, parsed.value, nowMs), nowMs);
}

/**
 * Routes a request to the public data archive (binance-api.md 4) when its path is the bucket's: the
 * root (an S3 listing) or a key under `/data/`. The archive has no request budget: its routes draw
 * on no family and weigh nothing.
 */
export function routeArchiveRequest(
  method: string,
  path: string,
  query: Readonly<Record<string, string>>,
  store: ArchiveStore,
): Route | undefined {
  const key = keyOfPath(path);
  if (key === undefined) return undefined;
  const endpoint = endpointOfKey(key);
  const base = { endpoint, service: 'archive' as const, family: undefined, weight: 0 };
  if (method !== 'GET' && method !== 'HEAD') {
    return {
      ...base,
      answer: (context) =>
        s3ErrorResponse(
          405,
          'MethodNotAllowed',
          'The specified method is not allowed against this resource.',
          context.nowMs,
        ),
    };
  }
  if (key === '') return { ...base, answer: (context) => answerListing(store, query, context.nowMs) };
  return { ...base, answer: (context) => answerObject(store, key, context.nowMs) };
}
