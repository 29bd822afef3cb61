// Public API of @oi/recovery: what the CLI, the benchmarks and the reliability tests use. Left out on
// purpose: the pure planning steps (grids, gaps, windows), the history patrol, the symbol roster, the
// exchange clock and the archive phase, which the runners compose; and the runners' option types,
// which the functions themselves document (they extend one base, `EngineOptions`), except the
// archive's, which a command builds.
export { ARCHIVE_FIRST_DAY } from './archive/archive-days.ts';
export {
  type ArchiveDayRecord,
  type ArchiveDefectRun,
  ArchiveStateError,
  type ArchiveSymbolState,
  readArchiveState,
} from './archive/archive-state.ts';
export type { ArchiveCounts, HistorySource, SlotConflict } from './engine/backfill-report.ts';
export { baseCoinValue } from './engine/base-coin-value.ts';
export type { CollectorEvent } from './engine/collector-event.ts';
export { type CollectorUniverse, historyListingsFrom, universeSymbols } from './engine/collector-universe.ts';
export { type ListedSymbol, listingsFrom } from './engine/listings.ts';
export {
  listingsWithLifecycles,
  readSymbolLifecycles,
  type SymbolLifecycle,
} from './engine/listings-state.ts';
export { multiplyDecimals } from './engine/multiply-decimals.ts';
export type { ArchiveReader } from './engine/ports.ts';
export { type BackfillArchiveOptions, type BackfillResult, runBackfill } from './engine/run-backfill.ts';
export { type CollectorResult, runCollector } from './engine/run-collector.ts';
export { runLiveTicks } from './engine/run-live-ticks.ts';
export type { Gap, GapCause, GapReason } from './gaps/find-gaps.ts';
export { type GapReport, scanGaps } from './gaps/scan-gaps.ts';
export type { Listing } from './grid/slot-grid.ts';
export {
  listIncompleteTasks,
  markTaskDone,
  openTaskJournal,
  readTaskJournal,
  type TaskJournal,
  type TaskRecord,
} from './journal/task-journal.ts';
