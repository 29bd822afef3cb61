import type { CollectorEvent } from '@oi/recovery';
import type { Logger } from '../logging.ts';
import type { ProgressReporter } from '../terminal/progress.ts';

const iso = (ms: number): string => new Date(ms).toISOString();
const noteOf = (note: (() => string | undefined) | undefined): { budgetNote?: string } => {
  const text = note?.();
  return text === undefined ? {} : { budgetNote: text };
};
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
          `backfill: ${event.slotsTotal} 5m slots to fetch in ${event.windows} requests for ${event.symbols} symbols`,
        );
        options.progress?.update({ done: 0, total: event.slotsTotal, requests: 0 });
        return;
      case 'backfill-progress':
        options.progress?.update({
          done: event.slotsDone,
          total: event.slotsTotal,
          requests: event.requests,
          ...(options.budgetUse === undefined ? {} : { budgetUsed: options.budgetUse() }),
          ...noteOf(options.budgetNote),
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
          `backfill ${event.interrupted ? 'interrupted' : 'done'}: ${event.slotsWritten}/${event.slotsTotal} slots written in ${event.requests} requests`,
        );
        return;
      case 'patrol-start':
        logger.debug(`patrol round ${event.round}: ${iso(event.range.startMs)} .. ${iso(event.range.endMs)}`);
        return;
      case 'patrol-done':
        logger.info(
          `patrol round ${event.round}: ${event.gapSlots} missing 5m slots, ${event.slotsWritten} written, ${event.requests} requests`,
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
    }
  };
}
