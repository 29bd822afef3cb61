import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import yargs, { type Argv } from 'yargs';
import { DEFAULT_DEMO_DATA_DIR } from './config/defaults.ts';
import { type ConfigFlags, resolveConfig } from './config/resolve-config.ts';
import {
  type Parsed,
  parseDateBound,
  parseDurationMs,
  parseInteger,
  parseSymbol,
} from './config/value-parsers.ts';
import { createUsageError, isExitError } from './exit-error.ts';
import type {
  CommandInvocation,
  CommandName,
  CommonOptions,
  Invocation,
  ResumeChoice,
  SeriesName,
  TimeRangeMs,
} from './invocation.ts';

/** Inputs besides argv that resolution depends on; passed in so tests control them. */
export interface ParseContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

const take = <T>(parsed: Parsed<T>): T => {
  if (!parsed.ok) throw createUsageError(parsed.problem);
  return parsed.value;
};

/** A date flag after coercion: the instant, and the text the user typed (for messages). */
interface DateArgument {
  readonly ms: number;
  readonly text: string;
}
const coerceStart =
  (flag: string) =>
  (text: unknown): DateArgument => ({
    ms: take(parseDateBound(String(text), flag, 'start')),
    text: String(text),
  });
const coerceEnd =
  (flag: string) =>
  (text: unknown): DateArgument => ({
    ms: take(parseDateBound(String(text), flag, 'end')),
    text: String(text),
  });
const coerceInt =
  (flag: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  (text: unknown) =>
    take(parseInteger(String(text), flag, min, max));
const coerceHours = (flag: string) => (text: unknown) => take(parseDurationMs(String(text), flag, 'h'));

function readVersion(): string {
  try {
    const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
    return (JSON.parse(text) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

const RANGE_CHECK = (argv: { from?: DateArgument; to?: DateArgument }): true => {
  if (argv.from !== undefined && argv.to !== undefined && argv.from.ms >= argv.to.ms) {
    throw createUsageError(
      `invalid range: expected --from on or before --to, found --from ${argv.from.text} after --to ${argv.to.text}`,
    );
  }
  return true;
};

/** Flags shared by the commands that read a time range. */
function withRange<T>(y: Argv<T>, required: boolean) {
  return y
    .option('from', {
      type: 'string',
      description: 'First UTC day (YYYY-MM-DD) or instant (ISO 8601)',
      coerce: coerceStart('--from'),
      demandOption: required,
    })
    .option('to', {
      type: 'string',
      description: 'Last UTC day, included (YYYY-MM-DD), or exclusive end instant (ISO 8601)',
      coerce: coerceEnd('--to'),
      demandOption: required,
    })
    .check(RANGE_CHECK as (argv: unknown) => true);
}

function withExportFlags<T>(y: Argv<T>, global: boolean) {
  return y
    .option('format', { choices: ['csv', 'jsonl'] as const, description: 'Output format', global })
    .option('out', { type: 'string', description: 'Output file (default: stdout)', global })
    .option('series', { choices: ['1m', '5m'] as const, description: 'Series to export', global });
}

/** Builds the yargs parser for `oi`; `onCommand` learns which command matched. */
export function buildParser(onCommand: (name: CommandName) => void, argv: readonly string[] = []): Argv {
  const select = (name: CommandName) => () => onCommand(name);
  return (
    yargs()
      .scriptName('oi')
      .usage('$0 <command> [options]\n\nBinance futures open interest into a complete, exactly-once dataset.')
      .parserConfiguration({ 'strip-aliased': true, 'greedy-arrays': true })
      .strict()
      .showHelpOnFail(false)
      .wrap(Math.min(110, process.stdout.columns ?? 100))
      .completion('completion', 'Print a shell completion script (bash/zsh): oi completion >> ~/.bashrc')
      // Common flags: every command accepts them.
      .option('symbols', {
        alias: 'S',
        type: 'string',
        array: true,
        description: 'Symbols, space or comma separated (default: config/config.json)',
      })
      .option('data-dir', { type: 'string', description: 'Data directory (env DATA_DIR, default ./data)' })
      .option('config', { type: 'string', description: 'Symbol list file (default config/config.json)' })
      .option('env-file', { type: 'string', description: 'dotenv file to read (default .env in cwd)' })
      .option('log-level', {
        type: 'string',
        description: 'error|warn|info|http|verbose|debug|silly (env LOG_LEVEL)',
      })
      .option('log-format', { type: 'string', description: 'human|json, logs always go to stderr' })
      .option('json', { type: 'boolean', description: 'Print one JSON result object on stdout' })
      .option('http-proxy', { type: 'string', description: 'HTTP proxy URL (env HTTP_PROXY)' })
      .option('https-proxy', { type: 'string', description: 'Proxy for https:// requests (env HTTPS_PROXY)' })
      .option('socks-proxy', { type: 'string', description: 'SOCKS proxy URL (env SOCKS_PROXY)' })
      .option('fapi-url', { type: 'string', description: 'Futures REST base URL (env BINANCE_FAPI_URL)' })
      .option('archive-url', { type: 'string', description: 'Archive base URL (env BINANCE_ARCHIVE_URL)' })
      .option('yes', { alias: 'y', type: 'boolean', description: 'Answer yes to confirmations' })
      .option('resume', {
        type: 'boolean',
        description: 'Resume incomplete tasks without asking (--no-resume: leave them)',
      })
      // Old top-level flags of the tool this replaces; they only apply without a command.
      .option('hours', {
        alias: 'c',
        type: 'string',
        global: false,
        description: '[old form] collect for N hours',
        coerce: coerceHours('--hours'),
      })
      .option('history-only', {
        type: 'boolean',
        global: false,
        description: '[old form] oi collect --history-only',
      })
      .option('cleanup', {
        type: 'string',
        global: false,
        description: '[old form] oi cleanup --days N',
        coerce: coerceInt('--cleanup', 0),
      })
      .option('stats', { type: 'boolean', global: false, description: '[old form] oi stats' })
      .option('export', { type: 'boolean', global: false, description: '[old form] oi export' })
      .option('format', { choices: ['csv', 'jsonl'] as const, global: false, hidden: true })
      .option('out', { type: 'string', global: false, hidden: true })
      .option('series', { choices: ['1m', '5m'] as const, global: false, hidden: true })
      .option('from', { type: 'string', global: false, hidden: true, coerce: coerceStart('--from') })
      .option('to', { type: 'string', global: false, hidden: true, coerce: coerceEnd('--to') })
      .option('dry-run', { type: 'boolean', global: false, hidden: true })
      .group(['hours', 'history-only', 'cleanup', 'stats', 'export'], 'Old forms (without a command):')
      .command(
        'collect',
        'Run the collector: live 1m ticks on whole minutes and the 5m history patrol',
        (y) =>
          y
            .option('hours', {
              alias: 'c',
              type: 'string',
              description: 'Stop after N hours (or 90m, 1d)',
              coerce: coerceHours('--hours'),
            })
            .option('history-only', {
              type: 'boolean',
              description: 'Only the 5m history patrol, no live ticks',
            })
            .example('$0 collect', 'collect the configured symbols until stopped')
            .example('$0 collect -S BTCUSDT,ETHUSDT --hours 24', 'two symbols for one day')
            .example('$0 collect --history-only', 'keep the 5m history complete, no 1m ticks'),
        select('collect'),
      )
      .command(
        'backfill',
        'Fill 5m history for a range once, print a summary (exit 3 if gaps remain)',
        (y) =>
          withRange(y, true)
            .option('concurrency', {
              type: 'string',
              description: 'History pages in flight at once (default 16; the rate budgets still apply)',
              coerce: coerceInt('--concurrency', 1, 32),
            })
            .example('$0 backfill --from 2024-01-01 --to 2024-01-07', 'one week, configured symbols')
            .example('$0 backfill -S BTCUSDT --from 2024-01-01 --to 2024-01-01 --json', 'CI'),
        select('backfill'),
      )
      .command(
        'gaps',
        'Coverage and missing slots per symbol and series, recoverable or not',
        (y) =>
          withRange(y, false)
            .option('series', {
              choices: ['1m', '5m'] as const,
              description: 'Only this series (default both)',
            })
            .example('$0 gaps', 'the last 30 days, both series')
            .example(
              '$0 gaps -S BTCUSDT --series 5m --from 2024-01-01 --json',
              'one symbol, machine-readable',
            ),
        select('gaps'),
      )
      .command(
        'stats',
        'Storage statistics: files, rows, bytes, first/last slot, coverage',
        (y) =>
          y.example('$0 stats', 'every symbol in the data directory').example('$0 stats --json', 'as JSON'),
        select('stats'),
      )
      .command(
        'export',
        'Export a merged range as CSV or JSON lines',
        (y) =>
          withExportFlags(withRange(y, false), true)
            .example(
              '$0 export -S BTCUSDT --series 5m --from 2024-01-01 --to 2024-01-31 --out btc.csv',
              'to a file',
            )
            .example('$0 export --format jsonl > all.jsonl', 'all symbols to stdout'),
        select('export'),
      )
      .command(
        'cleanup',
        'Delete day files older than N days',
        (y) =>
          y
            .option('days', {
              type: 'string',
              description: 'Keep this many days',
              demandOption: true,
              coerce: coerceInt('--days', 0),
            })
            .option('dry-run', { type: 'boolean', description: 'Only list what would be deleted' })
            .example('$0 cleanup --days 90 --dry-run', 'see what would go')
            .example('$0 cleanup --days 90', 'delete files older than 90 days'),
        select('cleanup'),
      )
      .command('symbols', 'Manage the symbol list in config/config.json', (y) =>
        y
          .command(
            'update',
            'Top N USD-M perpetuals by 24h quote volume into config.json',
            (z) =>
              z
                .option('top', {
                  type: 'string',
                  description: 'How many symbols (default 100)',
                  coerce: coerceInt('--top', 1, 1000),
                })
                .option('quote', { type: 'string', description: 'Quote asset (default USDT)' })
                .option('demo', { type: 'boolean', description: 'Use the bundled list, no network' })
                .example('$0 symbols update --top 50', 'the 50 most traded USDT perpetuals')
                .example('$0 symbols update --demo', 'offline, from the bundled list'),
            select('symbols update'),
          )
          .demandCommand(1, 'oi symbols needs an action: expected "update"'),
      )
      .command(
        'resume',
        'List incomplete tasks and resume, pick one, mark done or start fresh',
        (y) =>
          y
            .example('$0 resume', 'interactive menu in a terminal')
            .example('$0 resume --resume', 'resume everything without asking'),
        select('resume'),
      )
      .command(
        'sim',
        'Start the bundled Binance simulator on a local port',
        (y) =>
          y
            .option('port', {
              type: 'string',
              description: 'Port (default 8080, 0 = any)',
              coerce: coerceInt('--port', 0, 65535),
            })
            .option('host', { type: 'string', description: 'Address to listen on (default 127.0.0.1)' })
            .option('seed', { type: 'string', description: 'Random seed', coerce: coerceInt('--seed', 0) })
            .option('extra-symbols', {
              type: 'string',
              description: 'Synthetic symbols added to the listing',
              coerce: coerceInt('--extra-symbols', 0, 5000),
            })
            .example('$0 sim --port 8080', 'then: oi backfill --fapi-url http://127.0.0.1:8080 ...'),
        select('sim'),
      )
      .command(
        'demo',
        'End-to-end run against the in-process simulator on a fast virtual clock (no internet)',
        (y) =>
          y
            .option('minutes', {
              type: 'string',
              description: 'Virtual minutes of live collection (default 10)',
              coerce: coerceInt('--minutes', 1, 24 * 60),
            })
            .option('days', {
              type: 'string',
              description: 'Days of history to backfill (default 2)',
              coerce: coerceInt('--days', 1, 30),
            })
            .example('$0 demo', 'writes ./data-demo and prints stats and gaps')
            .example('$0 demo --data-dir /tmp/oi-demo --json', 'elsewhere, machine-readable'),
        select('demo'),
      )
      .command('config', 'Show the effective configuration', (y) =>
        y
          .command(
            'show',
            'Print each effective value and where it came from (passwords masked)',
            (z) => z.example('$0 config show', 'flags > env/.env > config.json > defaults'),
            select('config show'),
          )
          .demandCommand(1, 'oi config needs an action: expected "show"'),
      )
      .example('$0 collect', 'run the collector')
      .example('$0 backfill --from 2024-01-01 --to 2024-01-31', 'fill history once')
      .example('$0 --symbols BTCUSDT --hours 2', 'old form of: oi collect -S BTCUSDT --hours 2')
      .epilogue(
        'Exit codes: 0 done, 1 runtime failure, 2 bad usage or configuration, 3 finished but gaps remain.',
      )
      .version(readVersion())
      .help()
      .alias('help', 'h')
      .fail((message, error) => {
        if (isExitError(error)) throw error;
        throw createUsageError(describeYargsFailure(error?.message ?? message, argv));
      })
  );
}

function describeYargsFailure(message: string | null | undefined, argv: readonly string[]): string {
  const text = message ?? 'invalid command line';
  const unknown = /^Unknown arguments?: (.*)$/.exec(text);
  if (unknown) {
    const names = (unknown[1] ?? '').split(', ');
    const described = names.map((name) =>
      argv.includes(name) ? `command ${name}` : `option ${name.length === 1 ? '-' : '--'}${name}`,
    );
    return `unknown ${described.join(', ')} (expected a command and options listed by oi --help)`;
  }
  const required = /^Missing required arguments?: ([^\n]*)/.exec(text);
  if (required) {
    return `missing required option ${(required[1] ?? '')
      .split(', ')
      .map((name) => `--${name}`)
      .join(', ')} (see oi <command> --help)`;
  }
  const choice = /^Invalid values:\s*Argument: ([^,]+), Given: (.*), Choices: (.*)$/s.exec(
    text.replace(/\n/g, ' '),
  );
  if (choice) return `invalid value for --${choice[1]}: expected one of ${choice[3]}, found ${choice[2]}`;
  const missing = /^Not enough arguments following: (.*)$/.exec(text);
  if (missing) return `missing value for --${missing[1]}`;
  return text.replace(/\s*\n\s*/g, ' ');
}

type RawArgv = Record<string, unknown> & { _: (string | number)[] };

function parseRaw(
  argv: readonly string[],
): Promise<
  | { kind: 'print'; text: string }
  | { kind: 'completion' }
  | { kind: 'parsed'; raw: RawArgv; command?: CommandName }
> {
  if (argv[0] === 'completion' || argv.includes('--get-yargs-completions')) {
    return Promise.resolve({ kind: 'completion' });
  }
  let command: CommandName | undefined;
  const parser = buildParser((name) => {
    command = name;
  }, argv);
  return new Promise((resolvePromise, reject) => {
    try {
      parser.parse([...argv], {}, (error, raw, output) => {
        if (error) {
          reject(error);
          return;
        }
        const parsed = raw as RawArgv;
        if (parsed['help'] === true || parsed['version'] === true) {
          resolvePromise({ kind: 'print', text: output });
          return;
        }
        resolvePromise(
          command === undefined ? { kind: 'parsed', raw: parsed } : { kind: 'parsed', raw: parsed, command },
        );
      });
    } catch (error) {
      reject(error);
    }
  });
}

const str = (raw: RawArgv, key: string): string | undefined => {
  const value = raw[key];
  return typeof value === 'string' ? value : undefined;
};
const num = (raw: RawArgv, key: string): number | undefined => {
  const value = raw[key];
  return typeof value === 'number' ? value : undefined;
};
const bool = (raw: RawArgv, key: string): boolean | undefined => {
  const value = raw[key];
  return typeof value === 'boolean' ? value : undefined;
};

/** Picks the command an old-style command line (no command word) stands for. */
function selectLegacyCommand(raw: RawArgv): CommandName {
  if (bool(raw, 'stats')) return 'stats';
  if (bool(raw, 'export')) return 'export';
  if (num(raw, 'cleanup') !== undefined) return 'cleanup';
  const collectFlags = ['symbols', 'hours', 'historyOnly'].some((key) => raw[key] !== undefined);
  if (bool(raw, 'resume') === true && !collectFlags) return 'resume';
  return 'collect';
}

function rangeOf(raw: RawArgv): TimeRangeMs | undefined {
  const startMs = (raw['from'] as DateArgument | undefined)?.ms;
  const endMs = (raw['to'] as DateArgument | undefined)?.ms;
  if (startMs === undefined && endMs === undefined) return undefined;
  if (startMs === undefined) throw createUsageError('--to needs --from: expected both ends of the range');
  return { startMs, endMs: endMs ?? Number.POSITIVE_INFINITY };
}

/**
 * Parses `oi` arguments and resolves the configuration into one typed invocation. Throws an
 * `ExitError` with code 2 for any bad usage or configuration; touches no data.
 */
export async function parseInvocation(argv: readonly string[], context: ParseContext): Promise<Invocation> {
  const parsed = await parseRaw(argv);
  if (parsed.kind !== 'parsed') return parsed;
  const { raw } = parsed;

  const legacy = parsed.command === undefined;
  if (legacy && argv.length === 0) {
    throw createUsageError(
      'a command is required: expected one of collect, backfill, gaps, stats, export, cleanup, symbols update, resume, sim, demo, config show (see oi --help)',
    );
  }
  if (legacy && raw._.length > 0) {
    throw createUsageError(
      `unknown command ${raw._.map(String).join(' ')} (expected a command and options listed by oi --help)`,
    );
  }
  const command = parsed.command ?? selectLegacyCommand(raw);

  const symbolsFlag = raw['symbols'] as string[] | undefined;
  if (symbolsFlag !== undefined) {
    for (const word of symbolsFlag.flatMap((item) => String(item).split(','))) {
      if (word.trim() !== '') take(parseSymbol(word.trim(), '--symbols'));
    }
  }
  const flags: ConfigFlags = {
    symbols: symbolsFlag?.map(String),
    dataDir: str(raw, 'dataDir'),
    config: str(raw, 'config'),
    envFile: str(raw, 'envFile'),
    logLevel: str(raw, 'logLevel'),
    logFormat: str(raw, 'logFormat'),
    httpProxy: str(raw, 'httpProxy'),
    httpsProxy: str(raw, 'httpsProxy'),
    socksProxy: str(raw, 'socksProxy'),
    fapiUrl: str(raw, 'fapiUrl'),
    archiveUrl: str(raw, 'archiveUrl'),
  };
  const isDemo = command === 'demo';
  const resolved = await resolveConfig({
    flags,
    env: context.env,
    cwd: context.cwd,
    ...(isDemo ? { defaultDataDir: DEFAULT_DEMO_DATA_DIR, ignoreEnvDataDir: true } : {}),
  });
  if (!resolved.ok) throw createUsageError(resolved.errors[0] ?? 'invalid configuration');

  const resumeFlag = bool(raw, 'resume');
  const resume: ResumeChoice = resumeFlag === undefined ? 'ask' : resumeFlag ? 'resume' : 'no-resume';
  const common: CommonOptions = {
    config: resolved.config,
    sources: resolved.sources,
    json: bool(raw, 'json') ?? false,
    yes: bool(raw, 'yes') ?? false,
    resume,
    legacy,
  };
  return { kind: 'run', invocation: buildInvocation(command, raw, common, context) };
}

function buildInvocation(
  command: CommandName,
  raw: RawArgv,
  common: CommonOptions,
  context: ParseContext,
): CommandInvocation {
  const range = rangeOf(raw);
  switch (command) {
    case 'collect': {
      const durationMs = num(raw, 'hours');
      return {
        command,
        common,
        options: {
          ...(durationMs === undefined ? {} : { durationMs }),
          historyOnly: bool(raw, 'historyOnly') ?? false,
        },
      };
    }
    case 'backfill':
      if (range === undefined || !Number.isFinite(range.endMs)) {
        throw createUsageError('backfill needs --from and --to: expected YYYY-MM-DD for both');
      }
      // A one-shot backfill has no live ticks to leave room for, and the client's budgets keep any
      // concurrency inside Binance's limits; 16 pages in flight keep the budget busy (4 left it idle
      // half the time in `pnpm bench`).
      return { command, common, options: { range, concurrency: num(raw, 'concurrency') ?? 16 } };
    case 'gaps': {
      const series = str(raw, 'series') as SeriesName | undefined;
      return {
        command,
        common,
        options: {
          ...(range === undefined ? {} : { range }),
          series: series === undefined ? ['1m', '5m'] : [series],
        },
      };
    }
    case 'export': {
      const out = str(raw, 'out');
      return {
        command,
        common,
        options: {
          format: (str(raw, 'format') as 'csv' | 'jsonl' | undefined) ?? 'csv',
          series: (str(raw, 'series') as SeriesName | undefined) ?? '5m',
          ...(out === undefined || out === '-' ? {} : { outPath: resolve(context.cwd, out) }),
          ...(range === undefined ? {} : { range }),
        },
      };
    }
    case 'cleanup':
      return {
        command,
        common,
        options: { days: num(raw, 'days') ?? num(raw, 'cleanup') ?? 0, dryRun: bool(raw, 'dryRun') ?? false },
      };
    case 'symbols update': {
      const quote = str(raw, 'quote') ?? 'USDT';
      if (!/^[A-Z0-9]{2,12}$/.test(quote)) {
        throw createUsageError(
          `invalid value for --quote: expected an asset such as USDT, found ${JSON.stringify(quote)}`,
        );
      }
      return {
        command,
        common,
        options: { top: num(raw, 'top') ?? 100, quote, demo: bool(raw, 'demo') ?? false },
      };
    }
    case 'sim': {
      const seed = num(raw, 'seed');
      const extraSymbols = num(raw, 'extraSymbols');
      return {
        command,
        common,
        options: {
          port: num(raw, 'port') ?? 8080,
          host: str(raw, 'host') ?? '127.0.0.1',
          ...(seed === undefined ? {} : { seed }),
          ...(extraSymbols === undefined ? {} : { extraSymbols }),
        },
      };
    }
    case 'demo':
      return {
        command,
        common,
        options: { liveMinutes: num(raw, 'minutes') ?? 10, historyDays: num(raw, 'days') ?? 2 },
      };
    case 'stats':
    case 'resume':
    case 'config show':
      return { command, common, options: {} };
  }
}
