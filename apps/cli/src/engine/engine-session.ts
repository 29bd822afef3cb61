import type { BinanceClient, ClientEvent } from '@oi/client';
import { type BackfillArchiveOptions, type ListedSymbol, listingsFrom } from '@oi/recovery';
import { type Clock, systemClock } from '@oi/retry';
import type { CommandContext } from '../cli/command-context.ts';
import type { CommonOptions } from '../commands/common/index.ts';
import { ConfigError } from '../errors/exit-error.ts';
import { listFirst } from '../errors/list-first.ts';
import { createArchiveSource } from './archive.ts';
import { type BudgetActivityTracker, createBudgetActivityTracker } from './budget-activity.ts';
import { createExchangeClient } from './exchange.ts';

/** The client, the clock and the listings a command that talks to the exchange works with. */
export interface EngineSession {
  readonly client: BinanceClient;
  readonly clock: Clock;
  /** Every contract exchangeInfo lists, by symbol: read once per command, handed to every runner. */
  readonly listings: ReadonlyMap<string, ListedSymbol>;
  /** The public archive (`--archive-url`), through the same proxies; draws on no API budget. */
  readonly archive: BackfillArchiveOptions;
  /** 429s, bans and budget waits of this command, for progress and `--json` results. */
  readonly budgetActivity: BudgetActivityTracker;
}

/** How to reach the exchange; the demo passes its virtual clock and in-process transport. */
export interface EngineWiring {
  /** Replaces the system clock (and the `OI_TEST_CLOCK` test hook). */
  readonly clock?: Clock;
  readonly fetch?: typeof globalThis.fetch;
  /** Reject configured symbols that the exchange does not list. @default true */
  readonly checkSymbols?: boolean;
  /** Receives every client event besides the log (e.g. the metrics of `oi collect`). */
  readonly onClientEvent?: (event: ClientEvent) => void;
}

/**
 * Connects to the exchange and reads its listings, the one exchangeInfo request of a command. Every
 * configured symbol is checked against them before any data is touched: an unknown symbol is bad
 * configuration (exit 2), not a runtime failure.
 */
export async function openEngineSession(
  common: CommonOptions,
  context: CommandContext,
  wiring: EngineWiring = {},
): Promise<EngineSession> {
  // The test hook's clock, when set, reaches the client, the store's `now` and the engine from here.
  const testClock = wiring.clock === undefined ? context.testClock : undefined;
  const clock = wiring.clock ?? testClock?.clock ?? systemClock;
  const budgetActivity = createBudgetActivityTracker(clock);
  const client = createExchangeClient(common.config, {
    clock,
    logger: context.logger,
    // A clock of the caller's own (the demo's virtual one) keeps its budgets out of the host's ledger.
    privateBudgets: wiring.clock !== undefined,
    ...(wiring.fetch === undefined ? {} : { fetch: wiring.fetch }),
    ...(testClock === undefined ? {} : { timeoutMs: testClock.requestTimeoutMs }),
    onEvent: (event) => {
      budgetActivity.observe(event);
      wiring.onClientEvent?.(event);
    },
  });
  const archive = createArchiveSource(common.config, {
    clock,
    logger: context.logger,
    ...(wiring.fetch === undefined ? {} : { fetch: wiring.fetch }),
    ...(testClock === undefined ? {} : { requestTimeoutMs: testClock.requestTimeoutMs }),
  });
  const info = await client.exchangeInfo({ signal: context.signal, priority: 'live' });
  const listings = listingsFrom(info.symbols);
  if (wiring.checkSymbols === false) return { client, clock, listings, archive, budgetActivity };
  const unknown = common.config.symbols.filter((symbol) => !listings.has(symbol));
  if (unknown.length > 0) {
    throw new ConfigError(
      `unknown symbol${unknown.length > 1 ? 's' : ''} ${listFirst(unknown)}: expected symbols listed by ${common.config.fapiUrl}/fapi/v1/exchangeInfo (see oi symbols update)`,
    );
  }
  for (const symbol of common.config.symbols) {
    const status = listings.get(symbol)?.status;
    if (status !== 'TRADING')
      context.logger.warn(`${symbol} is ${status}: it has no live data and will be dropped from live ticks`);
  }
  return { client, clock, listings, archive, budgetActivity };
}
