export {
  BATCH_SUMMARY_HEADER,
  type BatchSummaryLog,
  type BatchSummaryRow,
  batchSummaryPath,
  createBatchSummaryLog,
  formatBatchSummaryRow,
} from './batch-summary.ts';
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
export {
  ceilToSlot,
  countSlots,
  expectedSlots,
  floorToSlot,
  type Listing,
  listSlots,
  type Series,
  SLOT_MS,
} from './slot-grid.ts';
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
export {
  intersectRanges,
  measureRangesMs,
  mergeRanges,
  subtractRanges,
  type TimeRange,
} from './time-range.ts';
