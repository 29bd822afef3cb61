import { hashIntegers, hashString } from '../market/seeded-hash.ts';
import type { SimResponse } from '../server/sim-response.ts';

/** The content type S3 gives its XML answers (errors and listings). */
export const XML_TYPE = 'application/xml';

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Escapes text for an XML element (S3 also escapes the quotes of ETags as `&quot;`). */
export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** A seeded, S3-shaped request id pair: 16 upper-case hex digits and a base64 host id. */
function requestIds(key: string, nowMs: number): { requestId: string; hostId: string } {
  const a = hashIntegers(hashString(key), nowMs, 1);
  const b = hashIntegers(hashString(key), nowMs, 2);
  const requestId = (a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0')).toUpperCase();
  const bytes = Buffer.alloc(56);
  for (let i = 0; i < bytes.length; i += 4) bytes.writeUInt32BE(hashIntegers(a, b, i), i);
  return { requestId, hostId: bytes.toString('base64') };
}

/** The headers S3 puts on every answer. */
export function s3Headers(key: string, nowMs: number): Record<string, string> {
  const { requestId, hostId } = requestIds(key, nowMs);
  return { 'x-amz-request-id': requestId, 'x-amz-id-2': hostId, Server: 'AmazonS3' };
}

/** An S3 error document, e.g. `NoSuchKey` with the key that was asked for. */
export function s3ErrorResponse(
  status: number,
  code: string,
  message: string,
  nowMs: number,
  key?: string,
): SimResponse {
  const { requestId, hostId } = requestIds(key ?? code, nowMs);
  const keyElement = key === undefined ? '' : `<Key>${escapeXml(key)}</Key>`;
  const body =
    `${XML_DECLARATION}<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>` +
    `${keyElement}<RequestId>${requestId}</RequestId><HostId>${hostId}</HostId></Error>`;
  return { status, body, contentType: XML_TYPE, headers: s3Headers(key ?? code, nowMs) };
}

/** The 404 of a key the bucket does not hold. */
export function noSuchKeyResponse(key: string, nowMs: number): SimResponse {
  return s3ErrorResponse(404, 'NoSuchKey', 'The specified key does not exist.', nowMs, key);
}

/** S3's codes and messages for the statuses a fault or a forced answer can give the archive. */
const S3_ERRORS: Readonly<Record<number, readonly [code: string, message: string]>> = {
  400: ['InvalidRequest', 'Invalid Request'],
  404: ['NoSuchKey', 'The specified key does not exist.'],
  408: [
    'RequestTimeout',
    'Your socket connection to the server was not read from or written to within the timeout period.',
  ],
  429: ['SlowDown', 'Please reduce your request rate.'],
  500: ['InternalError', 'We encountered an internal error. Please try again.'],
  503: ['ServiceUnavailable', 'Service is unable to handle request.'],
};

/**
 * The archive's answer for a faulted or forced status: S3's XML error of that status. A 503 whose
 * execution is `unknown` on the exchange is S3's `SlowDown` here (the archive has no execution state).
 */
export function archiveErrorResponse(
  status: number,
  nowMs: number,
  variant?: 'unknown' | 'unavailable',
): SimResponse {
  if (status === 503 && variant === 'unknown') {
    return s3ErrorResponse(503, 'SlowDown', 'Please reduce your request rate.', nowMs);
  }
  const [code, message] = S3_ERRORS[status] ?? [
    'InternalError',
    'We encountered an internal error. Please try again.',
  ];
  return s3ErrorResponse(status, code, message, nowMs);
}

/** Wraps the body of an S3 XML document. */
export function xmlDocument(body: string): string {
  return XML_DECLARATION + body;
}
