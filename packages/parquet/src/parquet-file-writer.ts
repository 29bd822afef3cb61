import { type FileHandle, open } from 'node:fs/promises';
import { ByteWriter } from 'hyparquet-writer';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import type { EncodedColumnChunk } from './column-chunk.ts';
import type { Codec } from './compression.ts';
import { type FileMetaData, type ParquetColumn, parquetSchema } from './parquet-columns.ts';

type RowGroup = FileMetaData['row_groups'][number];
type ColumnChunk = RowGroup['columns'][number];

const MAGIC = new TextEncoder().encode('PAR1');
const CREATED_BY = 'oi @oi/parquet (hyparquet-writer)';

/** What one finished Parquet file holds. */
export interface WrittenParquetFile {
  readonly rows: number;
  readonly rowGroups: number;
  readonly bytes: number;
}

function headerBytes(header: Parameters<typeof writePageHeader>[1]): Uint8Array {
  const writer = new ByteWriter();
  writePageHeader(writer, header);
  return writer.getBytes();
}

/** The part of `buffers` after its first `written` bytes. */
function unwritten(buffers: readonly Uint8Array[], written: number): Uint8Array[] {
  const rest: Uint8Array[] = [];
  for (const buffer of buffers) {
    if (written >= buffer.length) written -= buffer.length;
    else {
      rest.push(written === 0 ? buffer : buffer.subarray(written));
      written = 0;
    }
  }
  return rest;
}

/**
 * Writes one Parquet file row group by row group: each group's pages are compressed together and
 * appended, only the footer's metadata is kept until close. The file is created new (`wx`).
 */
export class ParquetFileWriter {
  readonly #handle: FileHandle;
  readonly #columns: readonly ParquetColumn[];
  readonly #codec: Codec;
  readonly #keyValues: Readonly<Record<string, string>>;
  readonly #rowGroups: RowGroup[] = [];
  #offset = MAGIC.length;
  #rows = 0;

  private constructor(
    handle: FileHandle,
    columns: readonly ParquetColumn[],
    codec: Codec,
    keyValues: Record<string, string>,
  ) {
    this.#handle = handle;
    this.#columns = columns;
    this.#codec = codec;
    this.#keyValues = keyValues;
  }

  /** Creates `path` (which must not exist) and writes the leading magic. */
  static async create(
    path: string,
    options: { columns: readonly ParquetColumn[]; codec: Codec; keyValues: Record<string, string> },
  ): Promise<ParquetFileWriter> {
    const handle = await open(path, 'wx');
    try {
      await handle.write(MAGIC);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new ParquetFileWriter(handle, options.columns, options.codec, options.keyValues);
  }

  /** Appends one row group of encoded column chunks (in schema order); one call at a time. */
  async writeRowGroup(chunks: readonly EncodedColumnChunk[]): Promise<void> {
    const rows = chunks[0]?.rows ?? 0;
    if (rows === 0) return;
    const start = this.#offset;
    const buffers: Uint8Array[] = [];
    const columns: ColumnChunk[] = chunks.map((chunk) => {
      const chunkStart = this.#offset;
      let uncompressed = 0;
      let dictionaryOffset: bigint | undefined;
      let dataOffset: bigint | undefined;
      for (const page of chunk.pages) {
        const { body } = page;
        const header = headerBytes({
          type: page.type,
          uncompressed_page_size: page.uncompressedSize,
          compressed_page_size: body.length,
          ...(page.type === 'DICTIONARY_PAGE'
            ? { dictionary_page_header: { num_values: page.values, encoding: 'PLAIN' } }
            : {
                data_page_header: {
                  num_values: page.values,
                  encoding: chunk.encoding,
                  definition_level_encoding: 'RLE',
                  repetition_level_encoding: 'RLE',
                },
              }),
        });
        if (page.type === 'DICTIONARY_PAGE') dictionaryOffset = BigInt(this.#offset);
        else dataOffset ??= BigInt(this.#offset);
        buffers.push(header, body);
        this.#offset += header.length + body.length;
        uncompressed += header.length + page.uncompressedSize;
      }
      const element = chunk.column.element;
      return {
        file_offset: BigInt(chunkStart),
        meta_data: {
          type: element.type ?? 'BYTE_ARRAY',
          encodings: chunk.encoding === 'PLAIN' ? ['PLAIN', 'RLE'] : ['PLAIN', 'RLE', 'RLE_DICTIONARY'],
          path_in_schema: [element.name],
          codec: this.#codec.name,
          num_values: BigInt(rows),
          total_uncompressed_size: BigInt(uncompressed),
          total_compressed_size: BigInt(this.#offset - chunkStart),
          data_page_offset: dataOffset ?? BigInt(chunkStart),
          ...(dictionaryOffset === undefined ? {} : { dictionary_page_offset: dictionaryOffset }),
          statistics: chunk.statistics,
        },
      };
    });
    await this.#writeAll(buffers, start);
    this.#rowGroups.push({
      columns,
      num_rows: BigInt(rows),
      total_byte_size: columns.reduce(
        (sum, column) => sum + (column.meta_data?.total_uncompressed_size ?? 0n),
        0n,
      ),
      file_offset: BigInt(start),
      total_compressed_size: BigInt(this.#offset - start),
    });
    this.#rows += rows;
  }

  async #writeAll(buffers: readonly Uint8Array[], position: number): Promise<void> {
    // writev takes at most IOV_MAX (1024) buffers per call on Linux, and may write fewer bytes.
    for (let first = 0; first < buffers.length; first += 1024) {
      let batch = buffers.slice(first, first + 1024);
      while (batch.length > 0) {
        const { bytesWritten } = await this.#handle.writev(batch, position);
        if (bytesWritten === 0) throw new Error('parquet file write made no progress');
        position += bytesWritten;
        batch = unwritten(batch, bytesWritten);
      }
    }
  }

  /** Writes the footer, flushes the file to disk and closes it. */
  async close(): Promise<WrittenParquetFile> {
    const footer = new ByteWriter();
    const metadata: FileMetaData = {
      version: 2,
      schema: parquetSchema(this.#columns),
      num_rows: BigInt(this.#rows),
      row_groups: this.#rowGroups,
      key_value_metadata: Object.entries(this.#keyValues).map(([key, value]) => ({ key, value })),
      created_by: CREATED_BY,
      metadata_length: 0,
    };
    writeMetadata(footer, metadata);
    footer.appendBytes(MAGIC);
    try {
      await this.#writeAll([footer.getBytes()], this.#offset);
      this.#offset += footer.offset;
      await this.#handle.sync();
    } finally {
      await this.#handle.close();
    }
    return { rows: this.#rows, rowGroups: this.#rowGroups.length, bytes: this.#offset };
  }

  /** Closes the file without a footer, after a failure; the caller removes it. */
  async abandon(): Promise<void> {
    await this.#handle.close().catch(() => undefined);
  }
}
