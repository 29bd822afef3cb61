import { type BinanceClient, type ClientEvent, createBinanceClient } from '@oi/client';
import type { Clock } from '@oi/retry';
import type { CliConfig } from '../config/resolve-config.ts';
import type { Logger } from '../logging.ts';

/** Turns client events into log lines: requests at debug, waits and retries at warn. */
export function logClientEvent(logger: Logger, event: ClientEvent): void {
  switch (event.type) {
    case 'request':
      logger.debug(`-> ${event.method} ${event.endpoint}`, {
        attempt: event.attempt,
        priority: event.priority,
      });
      return;
    case 'response':
      logger.debug(`<- ${event.status} ${event.method} ${event.endpoint}`, {
        durationMs: event.durationMs,
        ...(event.usedWeight === undefined ? {} : { usedWeight: event.usedWeight }),
      });
      return;
    case 'retry':
      logger.warn(`retrying ${event.method} ${event.endpoint} in ${event.delayMs} ms: ${event.message}`);
      return;
    case 'rate-wait':
      logger.verbose(`waiting ${event.waitMs} ms for the ${event.budget} budget (${event.endpoint})`);
      return;
    case 'banned':
      logger.warn(`IP banned by Binance until ${new Date(event.untilMs).toISOString()}: every request waits`);
      return;
  }
}

/** Creates the Binance client from the effective configuration. */
export function createExchangeClient(
  config: CliConfig,
  options: {
    clock?: Clock;
    logger: Logger;
    timeoutMs?: number;
    fetch?: typeof globalThis.fetch;
    /** Receives every client event besides the log (e.g. the metrics of `oi collect`). */
    onEvent?: ((event: ClientEvent) => void) | undefined;
  },
): BinanceClient {
  return createBinanceClient({
    baseUrl: config.fapiUrl,
    proxy: config.proxy,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    onEvent: (event) => {
      logClientEvent(options.logger, event);
      options.onEvent?.(event);
    },
  });
}

/** The share of the tighter budget in use, 0..1, for progress displays. */
export function budgetUse(client: BinanceClient): number {
  const snapshot = client.budgets.snapshot();
  return Math.max(
    snapshot.weight.used / snapshot.weight.limit,
    snapshot.history.used / snapshot.history.limit,
  );
}
