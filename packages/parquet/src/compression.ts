import { constants, zstdCompressSync } from 'node:zlib';
import { snappyCompressor } from 'hysnappy';

/** A page compression the export offers. */
export type Compression = 'zstd' | 'snappy';

/** Every compression the export offers, the default first. */
export const COMPRESSIONS: readonly Compression[] = ['zstd', 'snappy'];

/** A Parquet codec: its name in the footer and how it compresses one page. */
export interface Codec {
  readonly name: 'ZSTD' | 'SNAPPY';
  readonly compress: (page: Uint8Array) => Uint8Array;
}

// Level 1: the pages are runs of similar fixed-width numbers, which it already packs well.
const ZSTD_OPTIONS = { params: { [constants.ZSTD_c_compressionLevel]: 1 } };

// Node's own zstd (node:zlib, since 22.15), called synchronously: running it on the thread pool
// gave each pool thread its own malloc arena, which raised the peak RSS by 30 to 50 MB, and a
// worker thread of its own costs 20 MB; either would break the export's 200 MB bound. Snappy is hysnappy's WebAssembly build (from
// hyparquet-writer's authors), six times faster than hyparquet-writer's JavaScript one; its module
// is instantiated once, on first use.
let snappy: ((page: Uint8Array) => Uint8Array) | undefined;
const CODECS: Readonly<Record<Compression, Codec>> = {
  zstd: { name: 'ZSTD', compress: (page) => zstdCompressSync(page, ZSTD_OPTIONS) },
  snappy: {
    name: 'SNAPPY',
    compress: (page) => {
      snappy ??= snappyCompressor();
      return snappy(page);
    },
  },
};

/** The codec of `compression`. */
export function codecOf(compression: Compression): Codec {
  return CODECS[compression];
}
