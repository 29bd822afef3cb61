// Public API of @oi/storage. Internal helpers (parsing, durable writes, the lock, the coverage
// cache) stay unexported on purpose: the CSV files and these functions are the contract.
export { type CleanedFile, type CleanupOptions, type CleanupResult, cleanup } from './cleanup.ts';
export {
  type CollectStatsOptions,
  collectStats,
  type SeriesStats,
  type StoreStats,
  type SymbolSeriesStats,
} from './collect-stats.ts';
export { coverage } from './coverage.ts';
export type { FileIssue, FileIssueKind } from './day-file.ts';
export { assertDayKey, DAY_MS, dayKeyOf, dayKeysInRange, dayRange, formatDatetimeUtc } from './day-key.ts';
export {
  InvalidDayKeyError,
  InvalidPathError,
  InvalidPointError,
  InvalidSeriesError,
  InvalidSymbolError,
  InvalidTimeRangeError,
  StorageError,
  StoreClosedError,
  StoreLockedError,
  UnreadableDayFileError,
} from './errors.ts';
export { type ExportRangeOptions, type ExportResult, exportRange } from './export-range.ts';
export { listSymbols } from './list-symbols.ts';
export type { LockHolder } from './lock-holder.ts';
export type { Conflict, MergeResult } from './merge-result.ts';
export type { OiPoint } from './oi-point.ts';
export { dayFilePath, quarantinePath } from './paths.ts';
export { readRows } from './read-rows.ts';
export { type RepairFileOptions, type RepairResult, repairFile } from './repair-file.ts';
export { ALL_SERIES, CORE_COLUMNS, SERIES_COLUMNS, SERIES_SLOT_MS, type Series } from './series.ts';
export { type OpenStoreOptions, openStore, type Store } from './store.ts';
export type { StoreEvent } from './store-event.ts';
export { assertSymbol } from './symbol.ts';
export type { TimeRange } from './time-range.ts';
export { type ValidateFilesOptions, type ValidationReport, validateFiles } from './validate-files.ts';
