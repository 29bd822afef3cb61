// Pure parts (paths, labels, defects, decimals, checksum lines) are exported for the backfill and
// the gap planner, which reason about archive days without downloading them. The CSV, zip and
// row-building steps stay inside: `readDayFile` is their one public composition.
export {
  type ArchiveCallOptions,
  type ArchiveClient,
  type ArchiveClientOptions,
  type ArchiveDayResult,
  createArchiveClient,
} from './archive-client.ts';
export { ArchiveDownloadError, ArchiveRequestError } from './archive-errors.ts';
export type { ArchiveEvent } from './archive-events.ts';
export { type ArchiveFile, isSameFile } from './archive-file.ts';
export type { ArchiveDefect, ArchivePoint, DefectReason, RowsRejectReason } from './build-day.ts';
export { canonicalDecimal } from './canonical-decimal.ts';
export { type ChecksumFileResult, parseChecksumFile } from './checksum-file.ts';
export type { ArchiveRejectReason, DayOutcome } from './day-outcome.ts';
export { type ArchiveMarket, type DayLocation, type DayRequest, locateDay } from './day-request.ts';
export {
  decideLabelConvention,
  expectedLabelConvention,
  type LabelConvention,
  type LabelDecision,
  labelToSlotMs,
  SLOT_MS,
  UM_START_OF_PERIOD_FROM,
} from './label-convention.ts';
export { METRICS_HEADER } from './metrics-csv.ts';
export { type DownloadedDay, readDayFile } from './read-day-file.ts';
