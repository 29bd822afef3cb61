import type { ArgumentsCamelCase, Argv, InferredOptionTypes } from 'yargs';
import type { ParseContext } from '../../cli/command-context.ts';
import type { ConfigDefaults } from '../../cli/command-module.ts';
import type { CommonFlagsModule, RawArgs } from '../../cli/command-registry.ts';
import { takeParsed } from '../../cli/flag-coercers.ts';
import {
  type CliConfig,
  type ConfigKey,
  type ConfigSource,
  resolveConfig,
} from '../../config/resolve-config.ts';
import { ALL_SYMBOLS, normalizeSymbols } from '../../config/symbol-list.ts';
import { ConfigError } from '../../errors/exit-error.ts';

/** What to do with incomplete tasks in the journal: ask (terminal only), resume them, or leave them. */
export type ResumeChoice = 'ask' | 'resume' | 'no-resume';

/** Options every command receives. */
export interface CommonOptions {
  readonly config: CliConfig;
  readonly sources: Readonly<Record<ConfigKey, ConfigSource>>;
  /** Print one machine-readable result object on stdout. */
  readonly json: boolean;
  /** Answer yes to confirmations (scripts). */
  readonly yes: boolean;
  readonly resume: ResumeChoice;
}

// Settings that the environment and config.json can also set have no yargs default: a default here
// would hide them. Their help names where the default comes from, and `oi config show` shows it.
/** The flags every command accepts. */
export const commonFlags = {
  symbols: {
    alias: 'S',
    type: 'string',
    array: true,
    description:
      'Symbols, space or comma separated, or all: every trading perpetual, followed while running (default: config/config.json)',
    coerce: (words: unknown[]) =>
      words.length === 1 && words[0] === ALL_SYMBOLS
        ? [ALL_SYMBOLS]
        : takeParsed(normalizeSymbols(words.map(String), '--symbols')),
  },
  market: { type: 'string', description: 'um (USDⓈ-M), cm (COIN-M) or all (env OI_MARKET, default um)' },
  contracts: {
    type: 'string',
    description: 'What --symbols all takes: perpetual, or all (the quarterlies too); default perpetual',
  },
  'data-dir': { type: 'string', description: 'Data directory (env DATA_DIR, default ./data)' },
  config: { type: 'string', description: 'Symbol list file (default config/config.json)' },
  'env-file': { type: 'string', description: 'dotenv file to read (default .env in cwd)' },
  'log-level': { type: 'string', description: 'error|warn|info|http|verbose|debug|silly (env LOG_LEVEL)' },
  'log-format': { type: 'string', description: 'human|json, logs always go to stderr' },
  json: { type: 'boolean', default: false, description: 'Print one JSON result object on stdout' },
  'http-proxy': { type: 'string', description: 'HTTP proxy URL (env HTTP_PROXY)' },
  'https-proxy': { type: 'string', description: 'Proxy for https:// requests (env HTTPS_PROXY)' },
  'socks-proxy': { type: 'string', description: 'SOCKS proxy URL (env SOCKS_PROXY)' },
  'fapi-url': { type: 'string', description: 'USDⓈ-M futures REST base URL (env BINANCE_FAPI_URL)' },
  'dapi-url': { type: 'string', description: 'COIN-M futures REST base URL (env BINANCE_DAPI_URL)' },
  'archive-url': { type: 'string', description: 'Archive base URL (env BINANCE_ARCHIVE_URL)' },
  'history-budget': {
    type: 'string',
    description:
      "/futures/data requests per window, N/DURATION e.g. 100/30s (env OI_HISTORY_BUDGET; default Binance's 1000/5m)",
  },
  'weight-budget': {
    type: 'string',
    description:
      "Request weight per window, N/DURATION e.g. 1200/1m (env OI_WEIGHT_BUDGET; default Binance's 2400/1m)",
  },
  'max-ban-wait': {
    type: 'string',
    description: 'Wait out an IP ban up to this long, e.g. 15m (default 15m); a longer one stops with exit 1',
  },
  yes: { alias: 'y', type: 'boolean', default: false, description: 'Answer yes to confirmations' },
  resume: {
    type: 'boolean',
    description: 'Resume incomplete tasks without asking (--no-resume: leave them)',
    default: 'ask',
    defaultDescription: 'ask in a terminal',
    coerce: (given: unknown): ResumeChoice =>
      given === true ? 'resume' : given === false ? 'no-resume' : 'ask',
  },
} as const;

/** The common flags as parsed. */
export type CommonArgs = ArgumentsCamelCase<InferredOptionTypes<typeof commonFlags>>;

/** Declares the common flags; yargs options are global, so every command accepts them. */
export function buildCommonFlags(yargs: Argv): Argv {
  return yargs.options(commonFlags);
}

/** Resolves the configuration the common flags point at, into the options every command receives. */
export async function resolveCommonOptions(
  raw: RawArgs,
  context: ParseContext,
  defaults: ConfigDefaults,
): Promise<CommonOptions> {
  const args = raw as unknown as CommonArgs;
  const resolved = await resolveConfig({
    flags: {
      symbols: args.symbols,
      dataDir: args.dataDir,
      config: args.config,
      envFile: args.envFile,
      logLevel: args.logLevel,
      logFormat: args.logFormat,
      httpProxy: args.httpProxy,
      httpsProxy: args.httpsProxy,
      socksProxy: args.socksProxy,
      fapiUrl: args.fapiUrl,
      dapiUrl: args.dapiUrl,
      archiveUrl: args.archiveUrl,
      market: args.market,
      contracts: args.contracts,
      historyBudget: args.historyBudget,
      weightBudget: args.weightBudget,
      maxBanWait: args.maxBanWait,
    },
    env: context.env,
    cwd: context.cwd,
    ...defaults,
  });
  if (!resolved.ok) throw new ConfigError(resolved.errors[0] ?? 'invalid configuration');
  return {
    config: resolved.config,
    sources: resolved.sources,
    json: args.json,
    yes: args.yes,
    resume: args.resume,
  };
}

/** Symbols named on the command line; readers otherwise cover every symbol in the data directory. */
export function symbolsNamedOnCommandLine(common: CommonOptions): { symbols?: readonly string[] } {
  return common.sources.symbols.origin === 'flag' && !common.config.allSymbols
    ? { symbols: common.config.symbols }
    : {};
}

/** The common flags module of the registry. */
export const commonModule: CommonFlagsModule = {
  builder: buildCommonFlags,
  resolve: resolveCommonOptions,
};
