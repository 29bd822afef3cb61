// Public API of @oi/parquet: one export function and its types. The column buffers, the decimal
// and INT64 encoders and the file writer stay internal on purpose: the files they write are the
// contract, and the README describes their schema.

export { COMPRESSIONS, type Compression } from './compression.ts';
export {
  InvalidExportOptionsError,
  OutputExistsError,
  PARQUET_ERROR_CODES,
  type ParquetErrorCode,
  ParquetExportError,
  ValueNotRepresentableError,
} from './errors.ts';
export {
  DEFAULT_ROW_GROUP_ROWS,
  type ExportedParquetFile,
  type ExportParquetOptions,
  exportParquet,
  type ParquetExportResult,
  type PartitionBy,
} from './export-parquet.ts';
export { PARTITION_FILE_NAME } from './output-target.ts';
