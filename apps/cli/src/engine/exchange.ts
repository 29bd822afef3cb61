import { type BinanceClient, type ClientEvent, createBinanceClient, formatBudget } from '@oi/client';
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
      logger.verbose(
        `waiting ${event.waitMs} ms for the ${event.budget} budget (${event.cause}, ${event.priority}; ${event.endpoint})`,
      );
      return;
    case 'rate-limited':
      logger.warn(
        `429 from Binance (${event.endpoint}): no ${event.budget} request leaves any oi process of this host before ${new Date(event.untilMs).toISOString()}`,
      );
      return;
    case 'banned':
      logger.warn(`IP banned by Binance until ${new Date(event.untilMs).toISOString()}: every request waits`);
      return;
    case 'budget-learned': {
      const limit = formatBudget({ limit: event.limit, windowMs: event.windowMs });
      if (event.reason === 'recovered') logger.info(`${event.budget} budget recovering: ${limit}`);
      else logger.warn(`${event.budget} budget lowered to ${limit} (${event.reason})`);
      return;
    }
  }
}

/**
 * History requests unanswered at once across every oi process of the host. After a 429 only those
 * can still reach Binance, and a server may ban after a few of them (the simulator after 5), so the
 * host keeps few in flight whatever `--concurrency` each backfill asks for. At Binance's budget (3.3
 * requests per second) 4 in flight leave it busy from any ordinary round trip.
 */
export const MAX_HISTORY_IN_FLIGHT = 4;

/** A futures market one client talks to: USDⓈ-M (`um`, fapi) or COIN-M (`cm`, dapi). */
export type Market = 'um' | 'cm';

/** What {@link createExchangeClients} takes besides the configuration. */
export interface ExchangeClientOptions {
  readonly clock?: Clock;
  readonly logger: Logger;
  readonly timeoutMs?: number;
  readonly fetch?: typeof globalThis.fetch;
  /** Receives every client event besides the log (e.g. the metrics of `oi collect`). */
  readonly onEvent?: ((event: ClientEvent) => void) | undefined;
  /**
   * Keep the budgets in this process instead of the host-wide ledger: a virtual clock's times (the
   * demo) must not enter the ledger that processes on the real clock read.
   */
  readonly privateBudgets?: boolean;
}

/**
 * Creates one Binance client per market from the effective configuration: budgets, ban wait and
 * the host-wide ledger. Since Binance's CM-UM integration both markets draw on one IP limit, so
 * every client shares the budgets of the USDⓈ-M route (one ledger for the host, whichever market
 * a process collects).
 */
export function createExchangeClients(
  config: CliConfig,
  options: ExchangeClientOptions,
): Readonly<Record<Market, BinanceClient>> {
  const { historyBudget, weightBudget, maxBanWaitMs, budgetDir } = config.budgets;
  const common = {
    proxy: config.proxy,
    maxBanWaitMs,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    onEvent: (event: ClientEvent) => {
      logClientEvent(options.logger, event);
      options.onEvent?.(event);
    },
  };
  // The USDⓈ-M client owns the budgets (its route names the host's ledger). Creating a client sends
  // nothing: a market that is not collected costs no request.
  const um = createBinanceClient({
    ...common,
    baseUrl: config.fapiUrl,
    ...(historyBudget === undefined ? {} : { historyBudget }),
    ...(weightBudget === undefined ? {} : { weightBudget }),
    ...(options.privateBudgets === true ? {} : { budgetDir }),
    maxHistoryInFlight: MAX_HISTORY_IN_FLIGHT,
  });
  const cm = createBinanceClient({ ...common, market: 'cm', baseUrl: config.dapiUrl, budgets: um.budgets });
  return { um, cm };
}

/** The share of the tighter budget in use, 0..1, for progress displays. */
export function budgetUse(client: BinanceClient): number {
  const snapshot = client.budgets.snapshot();
  return Math.max(
    snapshot.weight.used / snapshot.weight.limit,
    snapshot.history.used / snapshot.history.limit,
  );
}
