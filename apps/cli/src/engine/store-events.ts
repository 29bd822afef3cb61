import type { StoreEvent } from '@oi/storage';
import type { Logger } from '../logging.ts';

/**
 * Logs what the store reports while a command writes: every file set aside (a foreign day file, the
 * lines a repair removed) at warn level, so no quarantine goes unseen; housekeeping at debug.
 */
export function logStoreEvents(logger: Logger): (event: StoreEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'file-quarantined':
        logger.warn(
          `set aside ${event.path}: not a day file oi can read; its ${event.bytes} bytes moved to ${event.quarantinePath}, the day is stored afresh`,
        );
        return;
      case 'file-repaired':
        logger.warn(
          `repaired ${event.path}: ${event.quarantinedLines} damaged lines moved to ${event.quarantinePath}`,
        );
        return;
      case 'stale-lock-removed':
        logger.warn(
          `took over the lock ${event.lockPath} of pid ${event.holder.pid} on ${event.holder.host}, which is gone`,
        );
        return;
      case 'temp-file-removed':
        logger.debug(`removed ${event.path}, left by a writer that is gone`);
        return;
      case 'conflict':
        logger.debug(
          `${event.conflict.symbol} ${event.conflict.series} slot ${event.conflict.slotMs}: a different value arrived; the stored one is kept`,
        );
        return;
    }
  };
}
