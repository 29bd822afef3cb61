import type { CollectorEvent } from '@oi/recovery';
import type { Logger } from '../logging.ts';
import type { ProgressReporter, ProgressUpdate } from '../terminal/progress.ts';

const iso = (ms: number): string => new Date(ms).toISOString();
const minute = (ms: number): string => iso(ms).slice(0, 16).replace('T', ' ');

/**
 * Routes engine events to log lines, and backfill progress to a progress reporter when given;
 * `forward` also receives every event (the metrics).
 */
export function createEngineEventHandler(
  logger: Logger,
  options: {
    progress?: ProgressReporter;
    budgetUse?: () => number;
    /** What the rate limits did so far (429s, bans, waits, learned limits), for progress lines. */
    budgetNote?: () => string | undefined;
    forward?: ((event: CollectorEvent) => void) | undefined;
  } = {},
): (event: CollectorEvent) => void {
  // The archive's running counts, carried into the API pages' updates that follow them.
  let archive: Pick<ProgressUpdate, 'files' | 'filesTotal' | 'rows'> = {};
  let requests = 0;
  const budget = () => {
    const note = options.budgetNote?.();
    return {
      ...(options.budgetUse === undefined ? {} : { budgetUsed: options.budgetUse() }),
      ...(note === undefined ? {} : { budgetNote: note }),
    };
  };
  return (event) => {
    options.forward?.(event);
    switch (event.type) {
      case 'server-offset':
        logger.debug(`exchange clock offset ${event.offsetMs} ms (rtt ${event.rttMs} ms)`);
        return;
      case 'server-offset-failed':
        logger.warn(`could not measure the exchange clock offset: ${String(event.error)}`);
        return;
      case 'tick-start':
        logger.debug(`tick ${minute(event.minuteMs)} for ${event.symbols} symbols`);
        return;
      case 'tick-done':
        logger.info(
          `tick ${minute(event.minuteMs)}: ${event.rows} rows, ${event.failures} failed${event.failedSymbols.length > 0 ? ` (${event.failedSymbols.join(',')})` : ''}${event.markPriceMissing ? ', mark price missing' : ''}`,
        );
        return;
      case 'gap-recorded':
        logger.warn(
          `1m gap ${iso(event.range.startMs)} .. ${iso(event.range.endMs)}: ${event.slots} minutes x ${event.symbols.length} symbols (${event.reason}); live minutes cannot be fetched later`,
        );
        return;
      case 'symbol-dropped':
        logger.warn(`dropped ${event.symbol}: ${event.reason} (${event.detail})`);
        return;
      case 'backfill-start':
        logger.info(
          event.archiveDays > 0
            ? `backfill (${event.source}): ${event.slotsTotal} 5m slots to fill from ${event.archiveDays} archive day files, then the history API (${event.windows} requests planned so far) for ${event.symbols} symbols`
            : `backfill (${event.source}): ${event.slotsTotal} 5m slots to fetch in ${event.windows} requests for ${event.symbols} symbols`,
        );
        archive = event.archiveDays > 0 ? { files: 0, filesTotal: event.archiveDays, rows: 0 } : {};
        requests = 0;
        options.progress?.update({ done: 0, total: event.slotsTotal, requests, ...archive });
        return;
      case 'archive-day':
        logArchiveDay(logger, event);
        archive = { files: event.filesDone, filesTotal: event.filesTotal, rows: event.rowsDone };
        options.progress?.update({
          done: event.slotsDone,
          total: event.slotsTotal,
          requests,
          ...archive,
          ...budget(),
        });
        return;
      case 'archive-reupload':
        logger.warn(
          `${event.symbol} ${event.day}: the archive file was re-uploaded (sha256 ${event.previous.sha256.slice(0, 12)} -> ${event.current.sha256.slice(0, 12)}); new slots are added, changed values reported as conflicts`,
        );
        return;
      case 'conflicts':
        logger.warn(
          `${event.symbol}: ${event.conflicts.length} stored 5m slots differ from what ${event.conflicts[0]?.source ?? 'a source'} gave (first ${iso(event.conflicts[0]?.slotMs ?? 0)}); the stored values stay`,
        );
        return;
      case 'archive-state-failed':
        logger.warn(`could not save the archive state: ${String(event.error)}`);
        return;
      case 'backfill-progress':
        requests = event.requests;
        options.progress?.update({
          done: event.slotsDone,
          total: event.slotsTotal,
          requests: event.requests,
          ...archive,
          ...budget(),
        });
        return;
      case 'history-unavailable':
        logger.verbose(
          `${event.symbol}: ${event.slots} 5m slots ${iso(event.range.startMs)} .. ${iso(event.range.endMs)} not available (${event.reason})`,
        );
        return;
      case 'backfill-window-failed':
        logger.warn(
          `${event.symbol}: history ${iso(event.range.startMs)} .. ${iso(event.range.endMs)} failed: ${event.reason}`,
        );
        return;
      case 'backfill-done':
        logger.info(
          `backfill ${event.interrupted ? 'interrupted' : 'done'}: ${event.slotsWritten}/${event.slotsTotal} slots written (archive ${event.slotsWrittenBySource.archive} from ${event.archiveFiles} files, api ${event.slotsWrittenBySource.api} in ${event.requests} requests)`,
        );
        return;
      case 'patrol-start':
        logger.debug(`patrol round ${event.round}: ${iso(event.range.startMs)} .. ${iso(event.range.endMs)}`);
        return;
      case 'patrol-done':
        logger.info(
          `patrol round ${event.round}${event.interrupted ? ' interrupted' : ''}: ${event.gapSlots} missing 5m slots, ${event.slotsWritten} written, ${event.requests} requests`,
        );
        return;
      case 'collector-start':
        logger.info(
          `collecting ${event.symbols.length} symbols${event.historyOnly ? ' (history only)' : ''} as task ${event.taskId}`,
        );
        return;
      case 'collector-stop':
        logger.info(
          `collector stopped (${event.reason}) after ${event.ticks} ticks and ${event.patrolRounds} patrol rounds`,
        );
        return;
      case 'batch-summary-failed':
        logger.warn(`could not write the batch summary: ${String(event.error)}`);
        return;
      case 'journal-saved':
        logger.debug(`journal saved (${event.tasks} tasks)`);
        return;
      case 'symbol-ended':
        logger.info(
          `${event.symbol} ended at ${iso(event.endMs)} (${event.detail}): no more live requests; its history is completed up to its end`,
        );
        return;
      case 'symbol-listed':
        logger.info(
          `${event.symbol} listed (onboard ${iso(event.onboardDateMs)}): collected from ${iso(event.fromMinuteMs)}, its history backfilled from its onboard date`,
        );
        return;
      case 'symbol-waiting':
        logger.info(`${event.symbol} is not listed yet (${event.detail}): it joins when it is`);
        return;
      case 'listings-read':
        logger.debug(`listings read: ${event.listed} listed, ${event.live} collected live`);
        return;
      case 'listings-read-failed':
        logger.warn(
          `could not read the listings again (${String(event.error)}): going on with the last ones`,
        );
        return;
      case 'listings-state-failed':
        logger.warn(`listings state: ${String(event.error)}`);
        return;
    }
  };
}

/** One archive day file: stored files at debug, a missing file at verbose, a rejected or failed one at warn. */
function logArchiveDay(logger: Logger, event: Extract<CollectorEvent, { type: 'archive-day' }>): void {
  const day = `${event.symbol} ${event.day}`;
  switch (event.outcome) {
    case 'stored':
      logger.debug(
        `archive ${day}: ${event.rows} rows, ${event.slotsWritten} slots written${event.defectSlots > 0 ? `, ${event.defectSlots} defect slots` : ''}`,
      );
      return;
    case 'missing':
      logger.verbose(`archive ${day}: no file`);
      return;
    case 'rejected':
      logger.warn(
        `archive ${day}: file not used (${event.reason ?? 'rejected'}); its slots are gaps until a later run`,
      );
      return;
    case 'failed':
      logger.warn(`archive ${day}: download failed (${event.reason ?? 'failed'}); asked again next run`);
      return;
  }
}
