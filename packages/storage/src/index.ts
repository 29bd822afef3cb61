// Public API of @oi/storage. Internal helpers (parsing, durable writes, the lock, the coverage
// cache) stay unexported on purpose: the CSV files and these functions are the contract.
export { type CleanedFile, type CleanupOptions, type CleanupResult, cleanup } from './maintain/cleanup.ts';
export {
  type CollectStatsOptions,
  collectStats,
  type SeriesStats,
  type StoreStats,
  type SymbolSeriesStats,
} from './read/collect-stats.ts';
export { coverage } from './coverage/coverage.ts';
export type { FileIssue, FileIssueKind } from './format/day-file.ts';
export { assertDayKey, DAY_MS, dayKeyOf, dayKeysInRange, dayRange, formatDatetimeUtc } from './model/day-key.ts';
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
} from './model/errors.ts';
export { type ExportRangeOptions, type ExportResult, exportRange } from './export/export-range.ts';
export { listSymbols } from './read/list-symbols.ts';
export type { LockHolder } from './model/lock-holder.ts';
export type { Conflict, MergeResult } from './model/merge-result.ts';
export type { OiPoint } from './model/oi-point.ts';
export { dayFilePath, quarantinePath } from './fs/data-dir-layout.ts';
export { readRows } from './read/read-rows.ts';
export { type RepairFileOptions, type RepairResult, repairFile } from './maintain/repair-file.ts';
export { ALL_SERIES, CORE_COLUMNS, SERIES_COLUMNS, SERIES_SLOT_MS, type Series } from './model/series.ts';
export { type OpenStoreOptions, openStore, type Store } from './write/store.ts';
export type { StoreEvent } from './model/store-event.ts';
export { assertSymbol } from './model/symbol.ts';
export type { TimeRange } from './model/time-range.ts';
export { type ValidateFilesOptions, type ValidationReport, validateFiles } from './maintain/validate-files.ts';
