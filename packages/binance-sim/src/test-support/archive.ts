import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';

/** A fetched archive object: status, headers and the raw bytes. */
export interface FetchedBytes {
  readonly status: number;
  readonly headers: Headers;
  readonly bytes: Uint8Array;
  readonly text: string;
}

/** GETs `base + path` and keeps the body as bytes (and as text, for XML and checksum files). */
export async function getBytes(base: string, path: string, method = 'GET'): Promise<FetchedBytes> {
  const res = await fetch(base + path, { method });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, text: Buffer.from(bytes).toString('utf8') };
}

/** The archive path of a USDⓈ-M (or COIN-M) daily metrics zip. */
export function metricsPath(symbol: string, day: string, market: 'um' | 'cm' = 'um'): string {
  return `/data/futures/${market}/daily/metrics/${symbol}/${symbol}-metrics-${day}.zip`;
}

/** The entries of a zip as text, by name. */
export function unzipText(bytes: Uint8Array): Record<string, string> {
  const entries = unzipSync(bytes);
  return Object.fromEntries(Object.entries(entries).map(([name, data]) => [name, strFromU8(data)]));
}

/** Hex SHA-256 of bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The CSV lines of a metrics zip after the header, split into fields. */
export function csvRecords(csv: string): string[][] {
  return csv
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
}

/** Every text of an XML element, in document order (enough for S3's flat documents). */
export function xmlValues(xml: string, element: string): string[] {
  return [...xml.matchAll(new RegExp(`<${element}>([^<]*)</${element}>`, 'g'))].map((match) => match[1]!);
}
