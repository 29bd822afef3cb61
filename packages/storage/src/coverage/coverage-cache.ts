import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeCacheFile } from '../fs/durable-write.ts';

// 2: entries say whether the file's header is foreign; a version-1 cache is rebuilt once.
const CACHE_VERSION = 2;

const cacheEntrySchema = z.object({
  size: z.number(),
  mtimeMs: z.number(),
  ino: z.number(),
  runs: z.array(z.tuple([z.number(), z.number()]).readonly()).readonly(),
  /** Present (and true) only for a file whose header is foreign, to keep the cache small. */
  foreign: z.literal(true).optional(),
});

const cacheFileSchema = z.object({
  version: z.literal(CACHE_VERSION),
  days: z.record(z.string(), cacheEntrySchema),
});

/** The cached slot runs of one day file, valid while the file keeps this size, mtime and inode. */
export type CoverageCacheEntry = z.infer<typeof cacheEntrySchema>;

/** A coverage cache as read: its entries, and its text to tell whether a save would change it. */
export interface LoadedCoverageCache {
  readonly days: Record<string, CoverageCacheEntry>;
  /** The file's text; undefined when there was none. */
  readonly text: string | undefined;
}

/**
 * The cached entries of one symbol and series by day key. A missing, torn, foreign or older cache
 * is an empty one: the day files stay the source of truth and are scanned again.
 */
export async function loadCoverageCache(path: string): Promise<LoadedCoverageCache> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return { days: {}, text: undefined };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { days: {}, text };
  }
  const parsed = cacheFileSchema.safeParse(value);
  return { days: parsed.success ? parsed.data.days : {}, text };
}

/**
 * Replaces the cache of one symbol and series, unless it already holds exactly these entries: a
 * reader of unchanged files leaves the data directory as it found it. Failures are ignored on
 * purpose: a read-only data directory just goes without a cache, and losing it only costs a rescan.
 */
export async function saveCoverageCache(
  path: string,
  days: Readonly<Record<string, CoverageCacheEntry>>,
  previousText: string | undefined,
): Promise<void> {
  const sorted = Object.fromEntries(Object.entries(days).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const text = JSON.stringify({ version: CACHE_VERSION, days: sorted });
  if (text === previousText) return;
  await writeCacheFile(path, text).catch(() => undefined);
}
