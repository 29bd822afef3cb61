import type { BinanceClient } from '@oi/client';
import type { Argv } from 'yargs';
import type { CommandContext, CommandResult } from '../../cli/command-context.ts';
import { defineCommand } from '../../cli/command-module.ts';
import { integerFlag } from '../../cli/flag-coercers.ts';
import { readConfigFile } from '../../config/config-file.ts';
import { isSymbol, normalizeSymbols } from '../../config/symbol-list.ts';
import { writeConfigSymbols } from '../../config/write-config-file.ts';
import { marketsOf } from '../../engine/engine-session.ts';
import { createExchangeClients } from '../../engine/exchange.ts';
import { ConfigError, UsageError } from '../../errors/exit-error.ts';
import type { Logger } from '../../logging.ts';
import type { CommonOptions } from '../common/index.ts';
import demoSymbols from './demo-symbols.json' with { type: 'json' };

/** The flags of `oi symbols update`. */
export const symbolsUpdateFlags = {
  top: { ...integerFlag('top', 'How many symbols', 1, 1000), default: 100 },
  quote: {
    type: 'string',
    description: 'Quote asset (default USDT; COIN-M contracts are quoted in USD)',
    coerce: (text: unknown): string => {
      const quote = String(text);
      if (/^[A-Z0-9]{2,12}$/.test(quote)) return quote;
      throw new UsageError(
        `invalid value for --quote: expected an asset such as USDT, found ${JSON.stringify(quote)}`,
      );
    },
  },
  demo: { type: 'boolean', default: false, description: 'Use the bundled list, no network' },
} as const;

/** Options of `oi symbols update`. */
export interface SymbolsUpdateOptions {
  readonly top: number;
  /** The quote asset; each market's own (USDT, USD) when not given. */
  readonly quote?: string;
  /** Use the bundled list instead of asking the exchange. */
  readonly demo: boolean;
}

/** Declares the flags and examples of `oi symbols update`. */
export function buildSymbolsUpdate(yargs: Argv) {
  return yargs
    .options(symbolsUpdateFlags)
    .example('$0 symbols update --top 50', 'the 50 most traded USDT perpetuals')
    .example(
      '$0 symbols update --market all --top 20',
      'the 20 most traded of each market (USDT and COIN-M USD)',
    )
    .example('$0 symbols update --demo', 'offline, from the bundled list');
}

/** A listed contract, as much of exchangeInfo as the selection needs. */
export interface ListedContract {
  readonly symbol: string;
  readonly contractType: string;
  readonly status: string;
  readonly quoteAsset: string;
  /** USD per contract (COIN-M only). */
  readonly contractSize?: number;
}

/** A 24h ticker, as much as the selection needs (`quoteVolume` is Binance's decimal string; on COIN-M contracts x contractSize, in USD). */
export interface QuoteVolume {
  readonly symbol: string;
  readonly quoteVolume: string;
}

/** Where the live selection reads a market from (its client, or a test double of it). */
export interface SymbolMarket {
  /** The quote asset of the market's contracts when `--quote` is not given: USDT, or USD on COIN-M. */
  readonly defaultQuote: string;
  listContracts(): Promise<readonly ListedContract[]>;
  quoteVolumes(contracts: readonly ListedContract[]): Promise<readonly QuoteVolume[]>;
}

/** Perpetual, TRADING contracts of one quote asset, by 24h quote volume (descending), top `top`. */
export function selectTopSymbols(
  contracts: readonly ListedContract[],
  volumes: readonly QuoteVolume[],
  options: { readonly top: number; readonly quote: string },
): string[] {
  const volumeOf = new Map(volumes.map((ticker) => [ticker.symbol, Number(ticker.quoteVolume)]));
  return contracts
    .filter(
      (contract) =>
        contract.contractType === 'PERPETUAL' &&
        contract.status === 'TRADING' &&
        contract.quoteAsset === options.quote &&
        isSymbol(contract.symbol),
    )
    .map((contract) => ({ symbol: contract.symbol, volume: volumeOf.get(contract.symbol) ?? 0 }))
    .sort((a, b) => b.volume - a.volume || a.symbol.localeCompare(b.symbol))
    .slice(0, options.top)
    .map((entry) => entry.symbol);
}

/** The JSON result of `oi symbols update`. */
export interface SymbolsUpdateResult {
  readonly configPath: string;
  readonly source: 'exchange' | 'bundled';
  readonly symbols: readonly string[];
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** Inputs of {@link updateSymbols} besides the command options. */
export interface SymbolsUpdateInput {
  readonly configPath: string;
  /** The markets the live selection reads, each its top N; the bundled list is used without any. */
  readonly markets?: readonly SymbolMarket[];
  readonly logger: Logger;
}

/** The candidates, best first: each market's top symbols in turn, or the bundled list's. */
async function candidateSymbols(options: SymbolsUpdateOptions, input: SymbolsUpdateInput): Promise<string[]> {
  if (input.markets === undefined) {
    const quote = options.quote ?? 'USDT';
    return demoSymbols.symbols.filter((symbol) => symbol.endsWith(quote)).slice(0, options.top);
  }
  input.logger.info('reading exchangeInfo and 24h tickers');
  const candidates: string[] = [];
  for (const market of input.markets) {
    const contracts = await market.listContracts();
    const volumes = await market.quoteVolumes(contracts);
    const quote = options.quote ?? market.defaultQuote;
    candidates.push(...selectTopSymbols(contracts, volumes, { top: options.top, quote }));
  }
  return candidates;
}

/** Rewrites config.json with the top N symbols and reports what changed. */
export async function updateSymbols(
  options: SymbolsUpdateOptions,
  input: SymbolsUpdateInput,
): Promise<CommandResult> {
  const previous = await readConfigFile(input.configPath, false);
  if (!previous.ok) throw new ConfigError(previous.problem);
  const source = input.markets === undefined ? 'bundled' : 'exchange';
  const normalized = normalizeSymbols(await candidateSymbols(options, input), `the ${source} list`);
  if (!normalized.ok) {
    throw new UsageError(
      source === 'bundled'
        ? `the bundled list has no ${options.quote} symbols: expected --quote USDT with --demo`
        : `no TRADING perpetuals quoted in ${options.quote}: expected a quote asset such as USDT (USD on COIN-M)`,
    );
  }
  const symbols = normalized.value;
  const before = previous.value.found ? previous.value.symbols : [];
  const added = symbols.filter((symbol) => !before.includes(symbol));
  const removed = before.filter((symbol) => !symbols.includes(symbol));
  await writeConfigSymbols(input.configPath, previous.value, symbols);
  input.logger.info(`wrote ${symbols.length} symbols to ${input.configPath}`);
  const result: SymbolsUpdateResult = {
    configPath: input.configPath,
    source,
    symbols,
    added,
    removed,
  };
  const lines = [
    `${input.configPath}: ${symbols.length} symbols (${added.length} added, ${removed.length} removed)`,
    ...added.map((symbol) => `+ ${symbol}`),
    ...removed.map((symbol) => `- ${symbol}`),
  ];
  return { exitCode: 0, data: result, text: lines.join('\n') };
}

/**
 * The market view `oi symbols update` needs, read through a market's client. USDⓈ-M tickers carry
 * the quote volume; COIN-M ones the volume in contracts, which times the contract size is USD.
 */
export function createSymbolMarket(client: BinanceClient, signal: AbortSignal): SymbolMarket {
  return {
    defaultQuote: client.market === 'cm' ? 'USD' : 'USDT',
    listContracts: async () => (await client.exchangeInfo({ signal })).symbols,
    quoteVolumes: async (contracts) => {
      const sizeOf = new Map(contracts.map((contract) => [contract.symbol, contract.contractSize]));
      return (await client.ticker24hAll({ signal })).flatMap(({ symbol, quoteVolume, volume }) => {
        if (quoteVolume !== undefined) return [{ symbol, quoteVolume }];
        const size = sizeOf.get(symbol);
        return size === undefined ? [] : [{ symbol, quoteVolume: String(Number(volume) * size) }];
      });
    },
  };
}

/** `oi symbols update`: {@link updateSymbols} on the configured config.json and the markets of `--market`. */
export function runSymbolsUpdate(
  options: SymbolsUpdateOptions,
  common: CommonOptions,
  context: CommandContext,
): Promise<CommandResult> {
  const { config } = common;
  if (options.demo && config.market !== 'um') {
    throw new UsageError(
      `--demo has the bundled USDⓈ-M list only: expected --market um, found --market ${config.market}`,
    );
  }
  const clients = createExchangeClients(config, { logger: context.logger });
  return updateSymbols(options, {
    configPath: config.configPath,
    ...(options.demo
      ? {}
      : {
          markets: marketsOf(config.market).map((market) =>
            createSymbolMarket(clients[market], context.signal),
          ),
        }),
    logger: context.logger,
  });
}

/** `oi symbols update`. */
export const symbolsUpdateCommand = defineCommand({
  name: 'symbols update',
  groupDescribe: 'Manage the symbol list in config/config.json',
  describe: 'Top N perpetuals by 24h quote volume into config.json (--market: whose)',
  builder: buildSymbolsUpdate,
  options: (args): SymbolsUpdateOptions => ({
    top: args.top,
    ...(args.quote === undefined ? {} : { quote: args.quote }),
    demo: args.demo,
  }),
  handler: runSymbolsUpdate,
  writesData: false,
});
