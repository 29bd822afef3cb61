import type { CommandResult } from '../command-context.ts';
import { readConfigFile } from '../config/config-file.ts';
import { SYMBOL_PATTERN } from '../config/value-parsers.ts';
import { writeConfigSymbols } from '../config/write-config-file.ts';
import demoSymbols from '../demo-symbols.json' with { type: 'json' };
import { createUsageError } from '../exit-error.ts';
import type { SymbolsUpdateOptions } from '../invocation.ts';
import type { Logger } from '../logging.ts';

/** A listed contract, as much of exchangeInfo as the selection needs. */
export interface ListedContract {
  readonly symbol: string;
  readonly contractType: string;
  readonly status: string;
  readonly quoteAsset: string;
}

/** A 24h ticker, as much as the selection needs (`quoteVolume` is Binance's decimal string). */
export interface QuoteVolume {
  readonly symbol: string;
  readonly quoteVolume: string;
}

/** Where the live selection reads the market from (the client, or a test double of it). */
export interface SymbolMarket {
  listContracts(): Promise<readonly ListedContract[]>;
  quoteVolumes(): Promise<readonly QuoteVolume[]>;
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
        SYMBOL_PATTERN.test(contract.symbol),
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
  /** Required unless `options.demo`. */
  readonly market?: SymbolMarket;
  readonly logger: Logger;
}

/** `oi symbols update`: rewrite config.json with the top N symbols and report what changed. */
export async function updateSymbols(
  options: SymbolsUpdateOptions,
  input: SymbolsUpdateInput,
): Promise<CommandResult> {
  const previous = await readConfigFile(input.configPath, false);
  if (!previous.ok) throw createUsageError(previous.problem);
  let symbols: string[];
  if (options.demo) {
    symbols = demoSymbols.symbols.filter((symbol) => symbol.endsWith(options.quote)).slice(0, options.top);
    if (symbols.length === 0) {
      throw createUsageError(
        `the bundled list has no ${options.quote} symbols: expected --quote USDT with --demo`,
      );
    }
  } else {
    if (input.market === undefined) throw new Error('symbols update needs a market source');
    input.logger.info('reading exchangeInfo and 24h tickers');
    const [contracts, volumes] = await Promise.all([
      input.market.listContracts(),
      input.market.quoteVolumes(),
    ]);
    symbols = selectTopSymbols(contracts, volumes, options);
    if (symbols.length === 0) {
      throw createUsageError(
        `no TRADING perpetuals quoted in ${options.quote}: expected a quote asset such as USDT`,
      );
    }
  }
  const before = previous.value.found ? previous.value.symbols : [];
  const added = symbols.filter((symbol) => !before.includes(symbol));
  const removed = before.filter((symbol) => !symbols.includes(symbol));
  await writeConfigSymbols(input.configPath, previous.value, symbols);
  input.logger.info(`wrote ${symbols.length} symbols to ${input.configPath}`);
  const result: SymbolsUpdateResult = {
    configPath: input.configPath,
    source: options.demo ? 'bundled' : 'exchange',
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
