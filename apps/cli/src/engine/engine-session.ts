import type { BinanceClient, ClientEvent } from '@oi/client';
import {
  type BackfillArchiveOptions,
  type CollectorUniverse,
  type ListedSymbol,
  listingsFrom,
  universeSymbols,
} from '@oi/recovery';
import { type Clock, systemClock } from '@oi/retry';
import type { CommandContext } from '../cli/command-context.ts';
import type { CommonOptions } from '../commands/common/index.ts';
import type { MarketChoice } from '../config/market-setting.ts';
import type { CliConfig } from '../config/resolve-config.ts';
import { ConfigError } from '../errors/exit-error.ts';
import { listFirst } from '../errors/list-first.ts';
import { createArchiveSource } from './archive.ts';
import { type BudgetActivityTracker, createBudgetActivityTracker } from './budget-activity.ts';
import { createExchangeClients, type Market } from './exchange.ts';

/** The client, the clock and the listings of one market that a command talks to. */
export interface EngineSession {
  /** USDⓈ-M (`um`) or COIN-M (`cm`). */
  readonly market: Market;
  readonly client: BinanceClient;
  /**
   * The symbols the command works on in this market: the configured ones the market lists, or with
   * `--symbols all` every trading perpetual it lists (the quarterlies too with `--contracts all`).
   */
  readonly symbols: readonly string[];
  readonly clock: Clock;
  /** Every contract the market's exchangeInfo lists, by symbol: read once per command, handed to every runner. */
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

/** The markets `--market` names, in the order they are worked on. */
export function marketsOf(choice: MarketChoice): readonly Market[] {
  return choice === 'all' ? ['um', 'cm'] : [choice];
}

/** Where each market's listings come from, for messages. */
function exchangeInfoUrl(config: CliConfig, market: Market): string {
  return market === 'um'
    ? `${config.fapiUrl}/fapi/v1/exchangeInfo`
    : `${config.dapiUrl}/dapi/v1/exchangeInfo`;
}

/** The sessions of a command: those of the configured markets, and any other opened on demand. */
export interface EngineSessions {
  /** The configured markets' sessions that have symbols to work on (all of them with `--symbols all`). */
  readonly active: readonly EngineSession[];
  /** The clock every session shares. */
  readonly clock: Clock;
  /** The session of `market`, its listings read now if the command had not opened it (a resumed task's market). */
  session(market: Market): Promise<EngineSession>;
}

/**
 * Connects to the exchange and reads each configured market's listings, the one exchangeInfo
 * request per market of a command. Every configured symbol is checked against them before any data
 * is touched: an unknown symbol is bad configuration (exit 2), not a runtime failure. A market none
 * of the configured symbols belongs to is not active.
 */
export async function openEngineSessions(
  common: CommonOptions,
  context: CommandContext,
  wiring: EngineWiring = {},
): Promise<EngineSessions> {
  const { config } = common;
  // The test hook's clock, when set, reaches the client, the store's `now` and the engine from here.
  const testClock = wiring.clock === undefined ? context.testClock : undefined;
  const clock = wiring.clock ?? testClock?.clock ?? systemClock;
  const budgetActivity = createBudgetActivityTracker(clock);
  const clients = createExchangeClients(config, {
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
  const archive = createArchiveSource(config, {
    clock,
    logger: context.logger,
    ...(wiring.fetch === undefined ? {} : { fetch: wiring.fetch }),
    ...(testClock === undefined ? {} : { requestTimeoutMs: testClock.requestTimeoutMs }),
  });
  const opened = new Map<Market, Promise<EngineSession>>();
  const open = (market: Market, pick: (listings: ReadonlyMap<string, ListedSymbol>) => readonly string[]) => {
    const session = clients[market]
      .exchangeInfo({ signal: context.signal, priority: 'live' })
      .then((info) => {
        const listings = listingsFrom(info.symbols);
        return {
          market,
          client: clients[market],
          symbols: pick(listings),
          clock,
          listings,
          archive,
          budgetActivity,
        };
      });
    opened.set(market, session);
    return session;
  };

  const markets = marketsOf(config.market);
  const configured: EngineSession[] = [];
  for (const market of markets) {
    configured.push(
      await open(market, (listings) => {
        const { universe } = universeOf(common);
        return universe !== undefined
          ? universeSymbols(universe, listings)
          : config.symbols.filter((symbol) => listings.has(symbol));
      }),
    );
  }
  const sessions: EngineSessions = {
    active: config.allSymbols ? configured : configured.filter((session) => session.symbols.length > 0),
    clock,
    session: (market) => opened.get(market) ?? open(market, () => []),
  };
  if (wiring.checkSymbols === false || config.allSymbols) return sessions;
  const unknown = config.symbols.filter(
    (symbol) => !configured.some((session) => session.listings.has(symbol)),
  );
  if (unknown.length > 0) {
    throw new ConfigError(
      `unknown symbol${unknown.length > 1 ? 's' : ''} ${listFirst(unknown)}: expected symbols listed by ${markets.map((market) => exchangeInfoUrl(config, market)).join(' or ')} (see oi symbols update${config.market === 'um' ? '; a COIN-M contract needs --market cm' : ''})`,
    );
  }
  for (const session of sessions.active) {
    for (const symbol of session.symbols) {
      const status = session.listings.get(symbol)?.status;
      if (status !== 'TRADING')
        context.logger.warn(
          `${symbol} is ${status}: it has no live data; its history is completed up to its end`,
        );
    }
  }
  return sessions;
}

/** The listings of several markets in one map: their symbols never coincide (BTCUSDT, BTCUSD_PERP). */
export function mergeListings(sessions: readonly EngineSession[]): ReadonlyMap<string, ListedSymbol> {
  return new Map(sessions.flatMap((session) => [...session.listings]));
}

/** The command's 429s, bans and budget waits, for `--json` (the markets share one budget). */
export function budgetReport(
  sessions: EngineSessions,
): ReturnType<BudgetActivityTracker['report']> | undefined {
  const [session] = sessions.active;
  return session?.budgetActivity.report(session.client);
}

/** One line about the rate limits the command met, or undefined when it met none. */
export function budgetNote(sessions: EngineSessions): string | undefined {
  const [session] = sessions.active;
  return session?.budgetActivity.note(session.client);
}

/** `--symbols all` as the collector's universe (every trading contract, followed); nothing for a list. */
export function universeOf(common: CommonOptions): { universe?: CollectorUniverse } {
  return common.config.allSymbols ? { universe: { kind: 'all', contracts: common.config.contracts } } : {};
}
