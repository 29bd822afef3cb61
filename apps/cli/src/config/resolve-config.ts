import { resolve } from 'node:path';
import { defaultBudgetDir } from '@oi/client';
import {
  type BudgetSettings,
  DEFAULT_MAX_BAN_WAIT,
  parseBanWait,
  parseBudgetSetting,
} from './budget-settings.ts';
import { type ConfigFileForm, readConfigFile } from './config-file.ts';
import {
  DEFAULT_ARCHIVE_URL,
  DEFAULT_CONFIG_PATH,
  DEFAULT_DAPI_URL,
  DEFAULT_DATA_DIR,
  DEFAULT_FAPI_URL,
  DEFAULT_LOG_LEVEL,
  DEFAULT_METRICS_HOST,
  DEFAULT_SYMBOLS,
} from './defaults.ts';
import { readEnvFile } from './env-file.ts';
import { type ContractScope, type MarketChoice, parseContractScope, parseMarket } from './market-setting.ts';
import { parseSinkUrlSetting, type SinkSetting } from './sink-url-setting.ts';
import { ALL_SYMBOLS, normalizeSymbols } from './symbol-list.ts';
import {
  type LogLevel,
  type Parsed,
  parseBooleanText,
  parseHttpUrl,
  parseInteger,
  parseLogLevel,
  parseProxyUrl,
} from './value-parsers.ts';

/** Log output format on stderr. */
export type LogFormat = 'human' | 'json';

/** Proxy settings handed to the client; absent keys mean no proxy of that kind. */
export interface ProxySettings {
  readonly httpProxy?: string;
  readonly httpsProxy?: string;
  readonly socksProxy?: string;
  readonly noProxy?: string;
}

/** The effective configuration every command runs with. */
export interface CliConfig {
  /** The symbols named by flag, config.json or default; empty when {@link CliConfig.allSymbols}. */
  readonly symbols: readonly string[];
  /** `--symbols all`: every trading contract the exchange lists, followed while running. */
  readonly allSymbols: boolean;
  /** Which futures markets: USDⓈ-M (`um`), COIN-M (`cm`) or both. */
  readonly market: MarketChoice;
  /** What `--symbols all` takes: perpetuals only, or the quarterlies too. */
  readonly contracts: ContractScope;
  /** Absolute path of the data directory. */
  readonly dataDir: string;
  /** Absolute path of config.json (it may not exist). */
  readonly configPath: string;
  /** The form of config.json, or `undefined` when there is none. */
  readonly configForm: ConfigFileForm | undefined;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
  readonly logFileEnabled: boolean;
  readonly proxy: ProxySettings;
  readonly fapiUrl: string;
  readonly dapiUrl: string;
  readonly archiveUrl: string;
  /** Database sink from the environment; `--sink` overrides it. */
  readonly sink: SinkSetting | undefined;
  /** Port of `oi collect`'s metrics server from the environment; `--metrics-port` overrides it. */
  readonly metricsPort: number | undefined;
  /** Address the metrics server binds; `--metrics-host` overrides it. */
  readonly metricsHost: string;
  /** Rate budgets, the longest ban waited out, and the host-wide ledger's directory. */
  readonly budgets: BudgetSettings;
}

/** A configuration key that `oi config show` reports. */
export type ConfigKey =
  | 'symbols'
  | 'market'
  | 'contracts'
  | 'dataDir'
  | 'configPath'
  | 'logLevel'
  | 'logFormat'
  | 'logFileEnabled'
  | 'httpProxy'
  | 'httpsProxy'
  | 'socksProxy'
  | 'noProxy'
  | 'fapiUrl'
  | 'dapiUrl'
  | 'archiveUrl'
  | 'sinkUrl'
  | 'metricsPort'
  | 'metricsHost'
  | 'historyBudget'
  | 'weightBudget'
  | 'maxBanWait'
  | 'budgetDir';

/** Where a configuration value came from, most to least specific. */
export type ConfigOrigin = 'flag' | 'env' | 'env-file' | 'config-file' | 'default';

/** The origin of one value, with the flag, variable or file that set it. */
export interface ConfigSource {
  readonly origin: ConfigOrigin;
  /** e.g. `--data-dir`, `DATA_DIR`, `/srv/oi/.env: DATA_DIR`, `config/config.json`. */
  readonly detail: string;
}

/** Configuration-relevant flags, as given on the command line (undefined when absent). */
export interface ConfigFlags {
  readonly symbols?: readonly string[] | undefined;
  readonly dataDir?: string | undefined;
  readonly config?: string | undefined;
  readonly envFile?: string | undefined;
  readonly logLevel?: string | undefined;
  readonly logFormat?: string | undefined;
  readonly httpProxy?: string | undefined;
  readonly httpsProxy?: string | undefined;
  readonly socksProxy?: string | undefined;
  readonly fapiUrl?: string | undefined;
  readonly dapiUrl?: string | undefined;
  readonly archiveUrl?: string | undefined;
  readonly market?: string | undefined;
  readonly contracts?: string | undefined;
  readonly historyBudget?: string | undefined;
  readonly weightBudget?: string | undefined;
  readonly maxBanWait?: string | undefined;
}

/** Inputs to {@link resolveConfig}. */
export interface ResolveConfigInput {
  readonly flags: ConfigFlags;
  /** The process environment (never read directly, so tests pass their own). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The working directory relative paths resolve against. */
  readonly cwd: string;
  /** Data directory when neither flag nor environment names one. @default './data' */
  readonly defaultDataDir?: string;
  /** Ignore DATA_DIR from the environment (the demo must not write into real data). */
  readonly ignoreEnvDataDir?: boolean;
}

/** The result of {@link resolveConfig}: a configuration with its sources, or every problem found. */
export type ResolvedConfig =
  | {
      readonly ok: true;
      readonly config: CliConfig;
      readonly sources: Readonly<Record<ConfigKey, ConfigSource>>;
    }
  | { readonly ok: false; readonly errors: readonly string[] };

const BINANCE_DEFAULT: ConfigSource = { origin: 'default', detail: "Binance's" };

interface Candidate {
  readonly value: string;
  readonly source: ConfigSource;
}

/** Applies flags > environment (incl. .env) > config.json > defaults, validating every value. */
export async function resolveConfig(input: ResolveConfigInput): Promise<ResolvedConfig> {
  const { flags, cwd } = input;
  const errors: string[] = [];

  const envFilePath = flags.envFile === undefined ? resolve(cwd, '.env') : resolve(cwd, flags.envFile);
  const envFile = await readEnvFile(envFilePath, flags.envFile !== undefined);
  if (!envFile.ok) return { ok: false, errors: [envFile.problem] };
  const fileVariables = envFile.value?.variables ?? {};

  const fromEnv = (names: readonly string[]): Candidate | undefined => {
    for (const name of names) {
      const value = input.env[name];
      if (value !== undefined && value !== '') return { value, source: { origin: 'env', detail: name } };
    }
    for (const name of names) {
      const value = fileVariables[name];
      if (value !== undefined && value !== '') {
        return { value, source: { origin: 'env-file', detail: `${envFilePath}: ${name}` } };
      }
    }
    return undefined;
  };
  const fromFlag = (value: string | undefined, flag: string): Candidate | undefined =>
    value === undefined ? undefined : { value, source: { origin: 'flag', detail: flag } };
  const fallback = (value: string, detail = 'built-in default'): Candidate => ({
    value,
    source: { origin: 'default', detail },
  });
  const check = <T>(parsed: Parsed<T>, whenInvalid: T): T => {
    if (parsed.ok) return parsed.value;
    errors.push(parsed.problem);
    return whenInvalid;
  };
  const label = (candidate: Candidate): string => candidate.source.detail;

  const configCandidate = fromFlag(flags.config, '--config') ?? fallback(DEFAULT_CONFIG_PATH);
  const configPath = resolve(cwd, configCandidate.value);
  const configFile = await readConfigFile(configPath, flags.config !== undefined);
  if (!configFile.ok) errors.push(configFile.problem);
  const configContent = configFile.ok ? configFile.value : { found: false as const };

  let symbols: readonly string[];
  let symbolsSource: ConfigSource;
  const allSymbols = flags.symbols?.length === 1 && flags.symbols[0] === ALL_SYMBOLS;
  if (allSymbols) {
    symbols = [];
    symbolsSource = { origin: 'flag', detail: '--symbols' };
  } else if (flags.symbols !== undefined) {
    symbols = check(normalizeSymbols(flags.symbols, '--symbols'), []);
    symbolsSource = { origin: 'flag', detail: '--symbols' };
  } else if (configContent.found) {
    symbols = configContent.symbols;
    symbolsSource = { origin: 'config-file', detail: configPath };
  } else {
    symbols = DEFAULT_SYMBOLS;
    symbolsSource = { origin: 'default', detail: 'built-in default' };
  }

  const dataDirCandidate =
    fromFlag(flags.dataDir, '--data-dir') ??
    (input.ignoreEnvDataDir ? undefined : fromEnv(['DATA_DIR'])) ??
    fallback(input.defaultDataDir ?? DEFAULT_DATA_DIR);
  if (dataDirCandidate.value.trim() === '')
    errors.push(`${label(dataDirCandidate)} is empty: expected a path`);
  const dataDir = resolve(cwd, dataDirCandidate.value);

  const logLevelCandidate =
    fromFlag(flags.logLevel, '--log-level') ?? fromEnv(['LOG_LEVEL']) ?? fallback(DEFAULT_LOG_LEVEL);
  const logLevel = check(parseLogLevel(logLevelCandidate.value, label(logLevelCandidate)), 'info');

  const logFormatCandidate =
    fromFlag(flags.logFormat, '--log-format') ?? fromEnv(['LOG_FORMAT']) ?? fallback('human');
  let logFormat: LogFormat = 'human';
  if (logFormatCandidate.value === 'human' || logFormatCandidate.value === 'json') {
    logFormat = logFormatCandidate.value;
  } else {
    errors.push(
      `invalid log format in ${label(logFormatCandidate)}: expected human|json, found ${JSON.stringify(logFormatCandidate.value)}`,
    );
  }

  const logFileCandidate = fromEnv(['LOG_FILE_ENABLED']) ?? fallback('false');
  const logFileEnabled = check(parseBooleanText(logFileCandidate.value, label(logFileCandidate)), false);

  const proxyCandidates = {
    httpProxy: fromFlag(flags.httpProxy, '--http-proxy') ?? fromEnv(['HTTP_PROXY', 'http_proxy']),
    httpsProxy: fromFlag(flags.httpsProxy, '--https-proxy') ?? fromEnv(['HTTPS_PROXY', 'https_proxy']),
    socksProxy: fromFlag(flags.socksProxy, '--socks-proxy') ?? fromEnv(['SOCKS_PROXY', 'socks_proxy']),
    noProxy: fromEnv(['NO_PROXY', 'no_proxy']),
  };
  const proxy: { -readonly [K in keyof ProxySettings]: ProxySettings[K] } = {};
  for (const key of ['httpProxy', 'httpsProxy', 'socksProxy'] as const) {
    const candidate = proxyCandidates[key];
    if (candidate === undefined) continue;
    const parsed = parseProxyUrl(candidate.value, label(candidate), key === 'socksProxy' ? 'socks' : 'http');
    if (parsed.ok) proxy[key] = parsed.value;
    else errors.push(parsed.problem);
  }
  if (proxyCandidates.noProxy !== undefined) proxy.noProxy = proxyCandidates.noProxy.value;

  const fapiCandidate =
    fromFlag(flags.fapiUrl, '--fapi-url') ?? fromEnv(['BINANCE_FAPI_URL']) ?? fallback(DEFAULT_FAPI_URL);
  const fapiUrl = check(parseHttpUrl(fapiCandidate.value, label(fapiCandidate)), DEFAULT_FAPI_URL);
  const dapiCandidate =
    fromFlag(flags.dapiUrl, '--dapi-url') ?? fromEnv(['BINANCE_DAPI_URL']) ?? fallback(DEFAULT_DAPI_URL);
  const dapiUrl = check(parseHttpUrl(dapiCandidate.value, label(dapiCandidate)), DEFAULT_DAPI_URL);
  const marketCandidate = fromFlag(flags.market, '--market') ?? fromEnv(['OI_MARKET']) ?? fallback('um');
  const market = check(parseMarket(marketCandidate.value, label(marketCandidate)), 'um');
  const contractsCandidate = fromFlag(flags.contracts, '--contracts') ?? fallback('perpetual');
  const contracts = check(
    parseContractScope(contractsCandidate.value, label(contractsCandidate)),
    'perpetual',
  );
  const archiveCandidate =
    fromFlag(flags.archiveUrl, '--archive-url') ??
    fromEnv(['BINANCE_ARCHIVE_URL']) ??
    fallback(DEFAULT_ARCHIVE_URL);
  const archiveUrl = check(
    parseHttpUrl(archiveCandidate.value, label(archiveCandidate)),
    DEFAULT_ARCHIVE_URL,
  );

  const sinkCandidate = fromEnv(['OI_SINK_URL']);
  const sink =
    sinkCandidate === undefined
      ? undefined
      : check(await parseSinkUrlSetting(sinkCandidate.value, label(sinkCandidate)), undefined);
  const metricsPortCandidate = fromEnv(['OI_METRICS_PORT']);
  const metricsPort =
    metricsPortCandidate === undefined
      ? undefined
      : check(parseInteger(metricsPortCandidate.value, label(metricsPortCandidate), 0, 65_535), undefined);
  const metricsHostCandidate = fromEnv(['OI_METRICS_HOST']) ?? fallback(DEFAULT_METRICS_HOST);
  const metricsHost = metricsHostCandidate.value.trim();

  // Binance's budgets when not set; the ledger is always the host's, so every oi process shares it.
  const historyBudgetCandidate =
    fromFlag(flags.historyBudget, '--history-budget') ?? fromEnv(['OI_HISTORY_BUDGET']);
  const weightBudgetCandidate =
    fromFlag(flags.weightBudget, '--weight-budget') ?? fromEnv(['OI_WEIGHT_BUDGET']);
  const maxBanWaitCandidate = fromFlag(flags.maxBanWait, '--max-ban-wait') ?? fallback(DEFAULT_MAX_BAN_WAIT);
  const budgetDirCandidate =
    fromEnv(['OI_BUDGET_DIR']) ?? fallback(defaultBudgetDir(input.env), 'built-in default (per user)');
  const budgets: BudgetSettings = {
    historyBudget:
      historyBudgetCandidate === undefined
        ? undefined
        : check(parseBudgetSetting(historyBudgetCandidate.value, label(historyBudgetCandidate)), undefined),
    weightBudget:
      weightBudgetCandidate === undefined
        ? undefined
        : check(parseBudgetSetting(weightBudgetCandidate.value, label(weightBudgetCandidate)), undefined),
    maxBanWaitMs: check(parseBanWait(maxBanWaitCandidate.value, label(maxBanWaitCandidate)), 0),
    budgetDir: resolve(cwd, budgetDirCandidate.value),
  };

  if (errors.length > 0) return { ok: false, errors };

  const absent: ConfigSource = { origin: 'default', detail: 'not set' };
  return {
    ok: true,
    config: {
      symbols,
      allSymbols,
      market,
      contracts,
      dataDir,
      configPath,
      configForm: configContent.found ? configContent.form : undefined,
      logLevel,
      logFormat,
      logFileEnabled,
      proxy,
      fapiUrl,
      dapiUrl,
      archiveUrl,
      sink,
      metricsPort,
      metricsHost,
      budgets,
    },
    sources: {
      symbols: symbolsSource,
      market: marketCandidate.source,
      contracts: contractsCandidate.source,
      dataDir: dataDirCandidate.source,
      configPath: configCandidate.source,
      logLevel: logLevelCandidate.source,
      logFormat: logFormatCandidate.source,
      logFileEnabled: logFileCandidate.source,
      httpProxy: proxyCandidates.httpProxy?.source ?? absent,
      httpsProxy: proxyCandidates.httpsProxy?.source ?? absent,
      socksProxy: proxyCandidates.socksProxy?.source ?? absent,
      noProxy: proxyCandidates.noProxy?.source ?? absent,
      fapiUrl: fapiCandidate.source,
      dapiUrl: dapiCandidate.source,
      archiveUrl: archiveCandidate.source,
      sinkUrl: sinkCandidate?.source ?? absent,
      metricsPort: metricsPortCandidate?.source ?? absent,
      metricsHost: metricsHostCandidate.source,
      historyBudget: historyBudgetCandidate?.source ?? BINANCE_DEFAULT,
      weightBudget: weightBudgetCandidate?.source ?? BINANCE_DEFAULT,
      maxBanWait: maxBanWaitCandidate.source,
      budgetDir: budgetDirCandidate.source,
    },
  };
}
