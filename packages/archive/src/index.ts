// Pure parts (paths, labels, defects, decimals, checksum lines) are exported for the backfill and
// the gap planner, which reason about archive days without downloading them. The CSV, zip and
// row-building steps stay inside: `readDayFile` is their one public composition.
export {
  type ArchiveCallOptions,
  type ArchiveClient,
  type ArchiveClientOptions,
  type ArchiveDayResult,
  createArchiveClient,
} from './client/archive-client.ts';
export { ArchiveDownloadError, ArchiveRequestError } from './client/archive-errors.ts';
export type { ArchiveEvent } from './client/archive-events.ts';
export { type ArchiveMarket, type DayLocation, type DayRequest, locateDay } from './client/day-request.ts';
export type { ArchiveDefect, ArchivePoint, DefectReason, RowsRejectReason } from './day/build-day.ts';
export { canonicalDecimal } from './day/canonical-decimal.ts';
export {
  decideLabelConvention,
  expectedLabelConvention,
  type LabelConvention,
  type LabelDecision,
  labelToSlotMs,
  SLOT_MS,
  UM_START_OF_PERIOD_FROM,
} from './day/label-convention.ts';
export { type ArchiveFile, isSameFile } from './file/archive-file.ts';
export { type ChecksumFileResult, parseChecksumFile } from './file/checksum-file.ts';
export type { ArchiveRejectReason, DayOutcome } from './file/day-outcome.ts';
export { METRICS_HEADER } from './file/metrics-csv.ts';
export { type DownloadedDay, readDayFile } from './file/read-day-file.ts';
