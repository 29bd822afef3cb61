import { ByteWriter } from 'hyparquet-writer';
import { writeRleBitPackedHybrid } from 'hyparquet-writer/src/encoding.js';
import type { Codec } from './compression.ts';
import type { FileMetaData, ParquetColumn } from './parquet-columns.ts';
import type { ColumnValues, RowGroupBuffer } from './row-group-buffer.ts';

/** Column statistics as the footer takes them. */
export type ColumnStatistics = NonNullable<
  NonNullable<FileMetaData['row_groups'][number]['columns'][number]['meta_data']>['statistics']
>;

/** One compressed page with what its header states. */
export interface EncodedPage {
  readonly type: 'DICTIONARY_PAGE' | 'DATA_PAGE';
  /** Values in the page: rows (NULLs included) for a data page, entries for a dictionary page. */
  readonly values: number;
  /** Bytes before compression: levels and values, as a V1 page compresses them together. */
  readonly uncompressedSize: number;
  readonly body: Uint8Array;
}

/** One column of a row group, encoded and compressed; it no longer refers to the buffer. */
export interface EncodedColumnChunk {
  readonly column: ParquetColumn;
  readonly encoding: 'PLAIN' | 'RLE_DICTIONARY';
  /** The dictionary page first, when the column has one. */
  readonly pages: readonly EncodedPage[];
  readonly rows: number;
  readonly statistics: ColumnStatistics;
}

const LENGTH_BYTES = 4;

/**
 * Assembles a page's parts in one buffer reused for every page (the page is compressed before the
 * next one is assembled), so pages cost no allocation beyond their compressed bytes.
 */
class PageAssembler {
  #bytes = new Uint8Array(1 << 20);
  #size = 0;

  reset(): void {
    this.#size = 0;
  }

  #reserve(extra: number): void {
    if (this.#size + extra <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(this.#bytes.length * 2, this.#size + extra));
    grown.set(this.#bytes.subarray(0, this.#size));
    this.#bytes = grown;
  }

  append(part: Uint8Array): void {
    this.#reserve(part.length);
    this.#bytes.set(part, this.#size);
    this.#size += part.length;
  }

  /** Appends `part` after its length as 4 little-endian bytes. */
  appendWithLength(part: Uint8Array): void {
    this.#reserve(LENGTH_BYTES);
    new DataView(this.#bytes.buffer).setUint32(this.#size, part.length, true);
    this.#size += LENGTH_BYTES;
    this.append(part);
  }

  get bytes(): Uint8Array {
    return this.#bytes.subarray(0, this.#size);
  }
}

const assembler = new PageAssembler();

function rleBytes(values: Uint8Array | Uint32Array, bitWidth: number): Uint8Array {
  const writer = new ByteWriter(Math.max(64, values.length >>> 3));
  writeRleBitPackedHybrid(writer, values, bitWidth);
  return writer.getBytes();
}

function compressed(type: EncodedPage['type'], values: number, raw: Uint8Array, codec: Codec): EncodedPage {
  return { type, values, uncompressedSize: raw.length, body: codec.compress(raw) };
}

/** PLAIN BYTE_ARRAY: each string as its 4-byte length and its UTF-8 bytes. */
function dictionaryPage(dictionary: readonly string[], codec: Codec): EncodedPage {
  const encoder = new TextEncoder();
  assembler.reset();
  for (const entry of dictionary) assembler.appendWithLength(encoder.encode(entry));
  return compressed('DICTIONARY_PAGE', dictionary.length, assembler.bytes, codec);
}

function statisticsOf(values: ColumnValues, buffer: RowGroupBuffer): ColumnStatistics {
  const null_count = BigInt(buffer.rows - values.count);
  switch (values.column.kind) {
    case 'timestamp':
      return { null_count, min_value: buffer.minSlotMs, max_value: buffer.maxSlotMs };
    case 'symbol':
    case 'text': {
      if (values.dictionary.length === 0) return { null_count };
      // Symbols and sources are ASCII, where string order is the byte order Parquet compares in.
      const sorted = [...values.dictionary].sort();
      return { null_count, min_value: sorted[0] as string, max_value: sorted[sorted.length - 1] as string };
    }
    default:
      return { null_count };
  }
}

/**
 * Encodes and compresses one column of the buffered row group as V1 pages of at most `pageRows`
 * rows: definition levels (RLE, with their length) for OPTIONAL columns, then PLAIN values, or RLE
 * dictionary indexes after a PLAIN dictionary page for strings. A REQUIRED fixed-width column's
 * values are compressed straight from the buffer.
 */
function encodeColumnChunk(
  values: ColumnValues,
  buffer: RowGroupBuffer,
  pageRows: number,
  codec: Codec,
): EncodedColumnChunk {
  const dictionaryColumn = values.width === 0;
  const pages: EncodedPage[] = [];
  const bitWidth = Math.max(1, Math.ceil(Math.log2(values.dictionary.length)));
  if (dictionaryColumn) pages.push(dictionaryPage(values.dictionary, codec));
  let valueIndex = 0;
  for (let first = 0; first < buffer.rows; first += pageRows) {
    const last = Math.min(buffer.rows, first + pageRows);
    let pageValues = last - first;
    assembler.reset();
    if (values.defined !== undefined) {
      const defined = values.defined.subarray(first, last);
      pageValues = 0;
      for (let row = 0; row < defined.length; row++) pageValues += defined[row] as number;
      assembler.appendWithLength(rleBytes(defined, 1));
    }
    const nextIndex = valueIndex + pageValues;
    let raw: Uint8Array;
    if (dictionaryColumn) {
      assembler.append(Uint8Array.of(bitWidth));
      assembler.append(rleBytes(values.ids.subarray(valueIndex, nextIndex), bitWidth));
      raw = assembler.bytes;
    } else {
      const plain = values.values.subarray(valueIndex * values.width, nextIndex * values.width);
      if (values.defined === undefined) raw = plain;
      else {
        assembler.append(plain);
        raw = assembler.bytes;
      }
    }
    valueIndex = nextIndex;
    pages.push(compressed('DATA_PAGE', last - first, raw, codec));
  }
  return {
    column: values.column,
    encoding: dictionaryColumn ? 'RLE_DICTIONARY' : 'PLAIN',
    pages,
    rows: buffer.rows,
    statistics: statisticsOf(values, buffer),
  };
}

/**
 * Encodes and compresses every column of the buffered row group. Columns that share their values
 * (the two timestamp columns) share their pages too, so those are encoded and compressed once.
 */
export function encodeRowGroup(buffer: RowGroupBuffer, pageRows: number, codec: Codec): EncodedColumnChunk[] {
  const encoded = new Map<Uint8Array, EncodedColumnChunk>();
  return buffer.columns.map((values) => {
    const shared = values.width > 0 ? encoded.get(values.values) : undefined;
    if (shared !== undefined) return { ...shared, column: values.column };
    const chunk = encodeColumnChunk(values, buffer, pageRows, codec);
    if (values.width > 0) encoded.set(values.values, chunk);
    return chunk;
  });
}
