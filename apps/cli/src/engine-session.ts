import type { BinanceClient, Clock } from '@oi/client';
import { systemClock } from '@oi/client';
import type { Listing } from '@oi/recovery';
import { createExchangeClient } from './exchange.ts';
import { createUsageError } from './exit-error.ts';
import type { CommonOptions } from './invocation.ts';
import type { Logger } from './logging.ts';

/** The client, the clock and the listings a command that talks to the exchange works with. */
export interface EngineSession {
  readonly client: BinanceClient;
  readonly clock: Clock;
  readonly listings: ReadonlyMap<string, Listing>;
}

/** How to reach the exchange; the demo passes its virtual clock and in-process transport. */
export interface EngineWiring {
  readonly clock?: Clock;
  readonly fetch?: typeof globalThis.fetch;
  /** The client's per-attempt timeout, real ms. @default the client's (10 s) */
  readonly requestTimeoutMs?: number;
  /** Reject configured symbols that the exchange does not list. @default true */
  readonly checkSymbols?: boolean;
}

/**
 * Connects to the exchange and checks every configured symbol against `exchangeInfo` before any data
 * is touched: an unknown symbol is bad input (exit 2), not a runtime failure.
 */
export async function openEngineSession(
  common: CommonOptions,
  logger: Logger,
  signal: AbortSignal,
  wiring: EngineWiring = {},
): Promise<EngineSession> {
  const clock = wiring.clock ?? systemClock;
  const client = createExchangeClient(common.config, {
    clock,
    logger,
    ...(wiring.fetch === undefined ? {} : { fetch: wiring.fetch }),
    ...(wiring.requestTimeoutMs === undefined ? {} : { timeoutMs: wiring.requestTimeoutMs }),
  });
  const info = await client.exchangeInfo({ signal, priority: 'live' });
  const listings = new Map<string, Listing>();
  const statuses = new Map<string, string>();
  for (const entry of info.symbols) {
    listings.set(entry.symbol, { onboardDateMs: entry.onboardDateMs, deliveryDateMs: entry.deliveryDateMs });
    statuses.set(entry.symbol, entry.status);
  }
  if (wiring.checkSymbols === false) return { client, clock, listings };
  const unknown = common.config.symbols.filter((symbol) => !listings.has(symbol));
  if (unknown.length > 0) {
    throw createUsageError(
      `unknown symbol${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: expected symbols listed by ${common.config.fapiUrl}/fapi/v1/exchangeInfo (see oi symbols update)`,
    );
  }
  for (const symbol of common.config.symbols) {
    const status = statuses.get(symbol);
    if (status !== 'TRADING')
      logger.warn(`${symbol} is ${status}: it has no live data and will be dropped from live ticks`);
  }
  return { client, clock, listings };
}
