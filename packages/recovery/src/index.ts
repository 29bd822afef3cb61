// Public API of @oi/recovery: pure planning (grids, gaps, windows), the effectful engine (backfill,
// live ticks, patrol, collector), the task journal and the batch summary. Internal helpers such as the
// hold scope of a tick stay unexported on purpose.
export {
  BATCH_SUMMARY_HEADER,
  type BatchSummaryLog,
  type BatchSummaryRow,
  batchSummaryPath,
  createBatchSummaryLog,
  formatBatchSummaryRow,
} from './batch-summary.ts';
export type {
  CollectorEvent,
  CollectorEventHandler,
  DropReason,
  MissedMinuteReason,
} from './collector-event.ts';
export { type FindGapsInput, findGaps, type Gap, type GapReason } from './find-gaps.ts';
export {
  type ApiHistorySourceOptions,
  apiHistoryWindow,
  createApiHistorySource,
  DEFAULT_OLD_EDGE_MARGIN_MS,
  DEFAULT_PUBLISH_DELAY_MS,
  type GapSource,
  HISTORY_RETENTION_MS,
} from './gap-source.ts';
export { multiplyDecimals } from './multiply-decimals.ts';
export { type BackfillWindow, HISTORY_PAGE_SLOTS, planBackfill } from './plan-backfill.ts';
export type {
  CollectorClient,
  CollectorStore,
  CoverageReader,
  HistoryPageResult,
  HistoryRow,
  ListedSymbol,
  RequestOptions,
  StorePoint,
} from './ports.ts';
export { type BackfillResult, fetchListings, type RunBackfillOptions, runBackfill } from './run-backfill.ts';
export { type CollectorResult, type RunCollectorOptions, runCollector } from './run-collector.ts';
export {
  type HistoryPatrolResult,
  type RunHistoryPatrolOptions,
  runHistoryPatrol,
} from './run-history-patrol.ts';
export { type LiveTicksResult, type RunLiveTicksOptions, runLiveTicks } from './run-live-ticks.ts';
export { type GapReport, type ScanGapsOptions, scanGaps } from './scan-gaps.ts';
export { createServerTime, type ServerTime, type ServerTimeOptions } from './server-time.ts';
export {
  ceilToSlot,
  countSlots,
  expectedSlots,
  floorToSlot,
  type Listing,
} from './slot-grid.ts';
export { createSymbolRoster, type SymbolRoster } from './symbol-roster.ts';
export {
  discardTask,
  type JournalSavedEvent,
  listIncompleteTasks,
  markTaskDone,
  type OpenTaskJournalOptions,
  openTaskJournal,
  readTaskJournal,
  type TaskHandle,
  type TaskJournal,
  TaskJournalError,
  type TaskProgress,
  type TaskRecord,
  type TaskSpec,
  type TaskStatus,
  type TaskType,
  taskJournalPath,
} from './task-journal.ts';
export { intersectRanges, mergeRanges, subtractRanges } from './time-range.ts';
