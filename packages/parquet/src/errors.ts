import { OiError } from '@oi/errors';

/**
 * The stable codes of every error this package throws on purpose, keyed by themselves so callers
 * can write `PARQUET_ERROR_CODES.OUTPUT_EXISTS` and have a typo caught by the compiler.
 */
export const PARQUET_ERROR_CODES = {
  INVALID_EXPORT_OPTIONS: 'INVALID_EXPORT_OPTIONS',
  OUTPUT_EXISTS: 'OUTPUT_EXISTS',
  VALUE_NOT_REPRESENTABLE: 'VALUE_NOT_REPRESENTABLE',
} as const;

/** One of {@link PARQUET_ERROR_CODES}. */
export type ParquetErrorCode = (typeof PARQUET_ERROR_CODES)[keyof typeof PARQUET_ERROR_CODES];

/** Base class of every error this package throws on purpose; `code` says which one. */
export class ParquetExportError extends OiError {
  declare readonly code: ParquetErrorCode;

  constructor(code: ParquetErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}

/** An option of exportParquet that cannot work (rowGroupRows, compression, partitionBy, out). */
export class InvalidExportOptionsError extends ParquetExportError {
  readonly option: string;
  constructor(option: string, message: string) {
    super('INVALID_EXPORT_OPTIONS', `invalid parquet export option ${option}: ${message}`);
    this.option = option;
  }
}

/** `out` is taken: a directory where a file goes, or a non-empty folder for a partitioned dataset. */
export class OutputExistsError extends ParquetExportError {
  readonly path: string;
  constructor(path: string, message: string, options?: ErrorOptions) {
    super('OUTPUT_EXISTS', `cannot write parquet export to ${path}: ${message}`, options);
    this.path = path;
  }
}

/** A stored value that its Parquet column cannot hold exactly; nothing is written. */
export class ValueNotRepresentableError extends ParquetExportError {
  readonly symbol: string;
  readonly slotMs: number;
  readonly column: string;
  readonly value: string;
  constructor(symbol: string, slotMs: number, column: string, value: string, expected: string) {
    super(
      'VALUE_NOT_REPRESENTABLE',
      `${symbol} at ${new Date(slotMs).toISOString()}: ${column} ${JSON.stringify(value)} does not fit ${expected}`,
    );
    this.symbol = symbol;
    this.slotMs = slotMs;
    this.column = column;
    this.value = value;
  }
}
