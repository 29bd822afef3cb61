import { type ArchiveEvent, createArchiveClient } from '@oi/archive';
import type { BackfillArchiveOptions } from '@oi/recovery';
import type { Clock } from '@oi/retry';
import type { CliConfig } from '../config/resolve-config.ts';
import type { Logger } from '../logging.ts';

/** The archive client's per-attempt timeout is three times the API's: a day file is a whole download. */
const ARCHIVE_TIMEOUT_FACTOR = 3;

/** Turns archive client events into log lines: each file at debug, retries at warn. */
export function logArchiveEvent(logger: Logger, event: ArchiveEvent): void {
  const day = `${event.request.symbol} ${event.request.day}`;
  switch (event.type) {
    case 'day-fetched':
      logger.debug(`archive ${day}: ${event.rows} rows, ${event.bytes} bytes`);
      return;
    case 'day-missing':
      logger.debug(`archive ${day}: no file`);
      return;
    case 'day-rejected':
      logger.debug(`archive ${day}: file rejected (${event.reason})`);
      return;
    case 'retry':
      logger.warn(`retrying archive ${event.path} in ${event.delayMs} ms: ${event.message}`);
      return;
  }
}

/**
 * The public archive as the engine takes it, from the effective configuration: `archiveUrl`
 * (`--archive-url`, `BINANCE_ARCHIVE_URL`), the same proxies as the API client, and the command's
 * clock for retry waits. `requestTimeoutMs` is the API client's per-attempt timeout when a test
 * clock scales it; `fetch` replaces the transport (the demo's virtual-time fetch).
 */
export function createArchiveSource(
  config: CliConfig,
  options: {
    readonly clock: Clock;
    readonly logger: Logger;
    readonly requestTimeoutMs?: number;
    readonly fetch?: typeof globalThis.fetch;
  },
): BackfillArchiveOptions {
  const client = createArchiveClient({
    baseUrl: config.archiveUrl,
    proxy: config.proxy,
    clock: options.clock,
    ...(options.requestTimeoutMs === undefined
      ? {}
      : { timeoutMs: options.requestTimeoutMs * ARCHIVE_TIMEOUT_FACTOR }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    onEvent: (event) => logArchiveEvent(options.logger, event),
  });
  return { client };
}
