import type { QuarantineReport } from '@oi/storage';
import { listFirst } from '../errors/list-first.ts';
import type { Logger } from '../logging.ts';

// Readers (stats, export, gaps) never skip a file unseen: a day file they cannot read, and the
// quarantine files a writer left, are named in the log and in the command's summary.

/** Logs each unreadable day file at warn level, and the quarantine files present. */
export function logQuarantine(logger: Logger, report: QuarantineReport): void {
  for (const path of report.unreadable) {
    logger.warn(
      `skipped ${path}: not a day file oi can read (set aside to .quarantine at the next write of its day)`,
    );
  }
  if (report.quarantined.length > 0) {
    logger.warn(
      `${report.quarantined.length} quarantine files hold set-aside data: ${listFirst(report.quarantined)}`,
    );
  }
}

/** Lines for a command's human summary naming what was set aside; empty when nothing was. */
export function quarantineNote(report: QuarantineReport): string {
  const lines: string[] = [];
  if (report.unreadable.length > 0) {
    lines.push(`${report.unreadable.length} unreadable day files skipped: ${listFirst(report.unreadable)}`);
  }
  if (report.quarantined.length > 0) {
    lines.push(`${report.quarantined.length} quarantine files: ${listFirst(report.quarantined)}`);
  }
  return lines.map((line) => `\n${line}`).join('');
}
