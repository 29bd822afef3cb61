import type { Argv } from 'yargs';
import type { CommandResult } from '../../cli/command-context.ts';
import { defineCommand } from '../../cli/command-module.ts';
import { describeBudgetSetting } from '../../config/budget-settings.ts';
import { maskSecrets } from '../../config/mask-secrets.ts';
import type { CliConfig, ConfigKey, ConfigSource } from '../../config/resolve-config.ts';

/** Options of {@link showConfig}. */
export interface ConfigShowInput {
  readonly config: CliConfig;
  readonly sources: Readonly<Record<ConfigKey, ConfigSource>>;
}

/** One reported setting: its effective value (passwords masked) and where it came from. */
export interface ConfigEntry {
  readonly key: ConfigKey;
  readonly value: string | number | boolean | readonly string[] | null;
  readonly origin: ConfigSource['origin'];
  readonly from: string;
}

function effectiveValue(config: CliConfig, key: ConfigKey): ConfigEntry['value'] {
  switch (key) {
    case 'symbols':
      return config.allSymbols ? 'all' : config.symbols;
    case 'httpProxy':
    case 'httpsProxy':
    case 'socksProxy': {
      const url = config.proxy[key];
      return url === undefined ? null : maskSecrets(url);
    }
    case 'noProxy':
      return config.proxy.noProxy ?? null;
    case 'sinkUrl':
      return config.sink?.displayUrl ?? null;
    case 'metricsPort':
      return config.metricsPort ?? null;
    case 'historyBudget':
    case 'weightBudget':
    case 'maxBanWait':
    case 'budgetDir':
      return describeBudgetSetting(config.budgets, key);
    default:
      return config[key];
  }
}

function maskValue(value: ConfigEntry['value']): ConfigEntry['value'] {
  return typeof value === 'string' ? maskSecrets(value) : value;
}

const ORDER: readonly ConfigKey[] = [
  'symbols',
  'market',
  'contracts',
  'dataDir',
  'configPath',
  'logLevel',
  'logFormat',
  'logFileEnabled',
  'fapiUrl',
  'dapiUrl',
  'archiveUrl',
  'httpProxy',
  'httpsProxy',
  'socksProxy',
  'noProxy',
  'sinkUrl',
  'metricsPort',
  'metricsHost',
  'historyBudget',
  'weightBudget',
  'maxBanWait',
  'budgetDir',
];

/** Every effective value and the flag, variable, file or default it came from. */
export function showConfig(input: ConfigShowInput): CommandResult {
  const entries: ConfigEntry[] = ORDER.map((key) => ({
    key,
    // Any value may be a URL with credentials (a base URL from an old .env, a sink): masked alike.
    value: maskValue(effectiveValue(input.config, key)),
    origin: input.sources[key].origin,
    from: input.sources[key].detail,
  }));
  const width = Math.max(...ORDER.map((key) => key.length));
  const lines = entries.map((entry) => {
    const shown =
      entry.value === null
        ? '(not set)'
        : Array.isArray(entry.value)
          ? entry.value.join(',')
          : String(entry.value);
    return `${entry.key.padEnd(width)}  ${shown}  [${entry.origin}: ${entry.from}]`;
  });
  return { exitCode: 0, data: { config: entries }, text: lines.join('\n') };
}

/** Declares the examples of `oi config show` (it has no flags of its own). */
export function buildConfigShow(yargs: Argv) {
  return yargs.example('$0 config show', 'flags > env/.env > config.json > defaults');
}

/** `oi config show`. */
export const configShowCommand = defineCommand({
  name: 'config show',
  groupDescribe: 'Show the effective configuration',
  describe: 'Print each effective value and where it came from (passwords masked)',
  builder: buildConfigShow,
  options: () => ({}),
  handler: async (_options, common) => showConfig({ config: common.config, sources: common.sources }),
  writesData: false,
});
