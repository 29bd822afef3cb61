import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInvocation } from './argv.ts';
import { DEFAULT_SYMBOLS } from './config/defaults.ts';
import { isExitError } from './exit-error.ts';

let cwd: string;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'oi-argv-'));
  await mkdir(join(cwd, 'config'));
  await writeFile(join(cwd, 'config', 'config.json'), JSON.stringify(['BTCUSDT', 'ETHUSDT']));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const day = (text: string) => Date.parse(`${text}T00:00:00Z`);

interface Row {
  readonly argv: string[];
  readonly command: string;
  readonly options: Record<string, unknown>;
  readonly common?: Record<string, unknown>;
}

// Every command, and every old top-level flag of the tool this replaces, to the options it resolves to.
const rows: Row[] = [
  { argv: ['collect'], command: 'collect', options: { historyOnly: false }, common: { legacy: false } },
  {
    argv: ['collect', '--hours', '2'],
    command: 'collect',
    options: { durationMs: 7_200_000, historyOnly: false },
  },
  { argv: ['collect', '-c', '90m'], command: 'collect', options: { durationMs: 5_400_000 } },
  { argv: ['collect', '--history-only'], command: 'collect', options: { historyOnly: true } },
  {
    argv: ['collect', '-S', 'SOLUSDT', 'XRPUSDT,ADAUSDT'],
    command: 'collect',
    options: {},
    common: { config: expect.objectContaining({ symbols: ['SOLUSDT', 'XRPUSDT', 'ADAUSDT'] }) },
  },
  // Old forms: no command word.
  {
    argv: ['--symbols', 'BTCUSDT'],
    command: 'collect',
    options: { historyOnly: false },
    common: { legacy: true, config: expect.objectContaining({ symbols: ['BTCUSDT'] }) },
  },
  {
    argv: ['-S', 'BTCUSDT', 'ETHUSDT', '-c', '0.5'],
    command: 'collect',
    options: { durationMs: 1_800_000 },
    common: { legacy: true, config: expect.objectContaining({ symbols: ['BTCUSDT', 'ETHUSDT'] }) },
  },
  {
    argv: ['--hours', '3'],
    command: 'collect',
    options: { durationMs: 10_800_000 },
    common: { legacy: true },
  },
  { argv: ['--history-only'], command: 'collect', options: { historyOnly: true }, common: { legacy: true } },
  {
    argv: ['--cleanup', '30'],
    command: 'cleanup',
    options: { days: 30, dryRun: false },
    common: { legacy: true },
  },
  { argv: ['--cleanup', '7', '--dry-run'], command: 'cleanup', options: { days: 7, dryRun: true } },
  { argv: ['--stats'], command: 'stats', options: {}, common: { legacy: true } },
  {
    argv: ['--export'],
    command: 'export',
    options: { format: 'csv', series: '5m' },
    common: { legacy: true },
  },
  {
    argv: ['--export', '--format', 'jsonl', '--series', '1m', '--out', 'x.jsonl'],
    command: 'export',
    options: { format: 'jsonl', series: '1m', outPath: expect.stringMatching(/x\.jsonl$/) },
  },
  { argv: ['--resume'], command: 'resume', options: {}, common: { legacy: true, resume: 'resume' } },
  { argv: ['-S', 'BTCUSDT', '--resume'], command: 'collect', options: {}, common: { resume: 'resume' } },
  {
    argv: ['--http-proxy', 'http://127.0.0.1:3128', '-S', 'BTCUSDT'],
    command: 'collect',
    options: {},
    common: { config: expect.objectContaining({ proxy: { httpProxy: 'http://127.0.0.1:3128' } }) },
  },
  {
    argv: [
      '--https-proxy',
      'http://u:p@127.0.0.1:3128',
      '--socks-proxy',
      'socks5://127.0.0.1:1080',
      '-c',
      '1',
    ],
    command: 'collect',
    options: { durationMs: 3_600_000 },
    common: {
      config: expect.objectContaining({
        proxy: { httpsProxy: 'http://u:p@127.0.0.1:3128', socksProxy: 'socks5://127.0.0.1:1080' },
      }),
    },
  },
  // Commands.
  {
    argv: ['backfill', '--from', '2024-01-01', '--to', '2024-01-03'],
    command: 'backfill',
    options: { range: { startMs: day('2024-01-01'), endMs: day('2024-01-04') }, concurrency: 16 },
  },
  {
    argv: [
      'backfill',
      '--from',
      '2024-01-01T06:00Z',
      '--to',
      '2024-01-01T12:30:00+02:00',
      '--concurrency',
      '2',
    ],
    command: 'backfill',
    options: {
      range: { startMs: Date.parse('2024-01-01T06:00:00Z'), endMs: Date.parse('2024-01-01T10:30:00Z') },
      concurrency: 2,
    },
  },
  { argv: ['gaps'], command: 'gaps', options: { series: ['1m', '5m'] } },
  {
    argv: ['gaps', '--series', '5m', '--from', '2024-02-01', '--to', '2024-02-01'],
    command: 'gaps',
    options: { series: ['5m'], range: { startMs: day('2024-02-01'), endMs: day('2024-02-02') } },
  },
  { argv: ['stats', '--json'], command: 'stats', options: {}, common: { json: true } },
  { argv: ['export'], command: 'export', options: { format: 'csv', series: '5m' } },
  { argv: ['export', '--out=-'], command: 'export', options: { format: 'csv' } },
  {
    argv: ['export', '--format', 'jsonl', '--series', '1m', '--from', '2024-01-01', '--out', 'o.jsonl'],
    command: 'export',
    options: {
      format: 'jsonl',
      series: '1m',
      outPath: expect.stringMatching(/o\.jsonl$/),
      range: { startMs: day('2024-01-01'), endMs: Number.POSITIVE_INFINITY },
    },
  },
  { argv: ['cleanup', '--days', '90'], command: 'cleanup', options: { days: 90, dryRun: false } },
  { argv: ['cleanup', '--days', '0', '--dry-run'], command: 'cleanup', options: { days: 0, dryRun: true } },
  {
    argv: ['symbols', 'update'],
    command: 'symbols update',
    options: { top: 100, quote: 'USDT', demo: false },
  },
  {
    argv: ['symbols', 'update', '--top', '5', '--quote', 'USDC', '--demo'],
    command: 'symbols update',
    options: { top: 5, quote: 'USDC', demo: true },
  },
  { argv: ['resume'], command: 'resume', options: {}, common: { resume: 'ask' } },
  { argv: ['resume', '--no-resume'], command: 'resume', options: {}, common: { resume: 'no-resume' } },
  {
    argv: ['resume', '--resume', '--yes'],
    command: 'resume',
    options: {},
    common: { resume: 'resume', yes: true },
  },
  { argv: ['sim'], command: 'sim', options: { port: 8080, host: '127.0.0.1' } },
  {
    argv: ['sim', '--port', '0', '--seed', '7', '--extra-symbols', '20'],
    command: 'sim',
    options: { port: 0, seed: 7, extraSymbols: 20 },
  },
  {
    argv: ['demo'],
    command: 'demo',
    options: { liveMinutes: 10, historyDays: 2 },
    common: { config: expect.objectContaining({ dataDir: expect.stringMatching(/data-demo$/) }) },
  },
  {
    argv: ['demo', '--minutes', '3', '--days', '1'],
    command: 'demo',
    options: { liveMinutes: 3, historyDays: 1 },
  },
  { argv: ['config', 'show'], command: 'config show', options: {} },
  {
    argv: ['stats', '--log-level', 'debug', '--log-format', 'json', '--fapi-url', 'http://127.0.0.1:9/'],
    command: 'stats',
    options: {},
    common: {
      config: expect.objectContaining({
        logLevel: 'debug',
        logFormat: 'json',
        fapiUrl: 'http://127.0.0.1:9',
      }),
    },
  },
  {
    argv: ['stats', '--data-dir', 'elsewhere', '--archive-url', 'https://archive.example'],
    command: 'stats',
    options: {},
    common: {
      config: expect.objectContaining({
        dataDir: expect.stringMatching(/elsewhere$/),
        archiveUrl: 'https://archive.example',
      }),
    },
  },
];

describe('parseInvocation', () => {
  it.each(rows)('$argv -> $command', async (row) => {
    const parsed = await parseInvocation(row.argv, { env: {}, cwd });
    expect(parsed.kind).toBe('run');
    if (parsed.kind !== 'run') return;
    expect(parsed.invocation.command).toBe(row.command);
    expect(parsed.invocation.options).toEqual(expect.objectContaining(row.options));
    if (row.common) expect(parsed.invocation.common).toMatchObject(row.common);
  });

  it('reads the symbol list from config/config.json in the working directory', async () => {
    const parsed = await parseInvocation(['collect'], { env: {}, cwd });
    if (parsed.kind !== 'run') throw new Error('expected a command');
    expect(parsed.invocation.common.config.symbols).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(parsed.invocation.common.sources.symbols.origin).toBe('config-file');
  });

  it('falls back to the built-in symbols without a config file', async () => {
    const parsed = await parseInvocation(['collect'], { env: {}, cwd: tmpdir() });
    if (parsed.kind !== 'run') throw new Error('expected a command');
    expect(parsed.invocation.common.config.symbols).toEqual(DEFAULT_SYMBOLS);
  });

  it('prints help and version instead of running', async () => {
    const help = await parseInvocation(['backfill', '--help'], { env: {}, cwd });
    expect(help).toMatchObject({
      kind: 'print',
      text: expect.stringContaining('oi backfill --from 2024-01-01'),
    });
    const version = await parseInvocation(['--version'], { env: {}, cwd });
    expect(version).toEqual({ kind: 'print', text: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(await parseInvocation(['completion'], { env: {}, cwd })).toEqual({ kind: 'completion' });
  });

  it.each([
    [[], /a command is required/],
    [['nope'], /unknown command nope/],
    [['--', 'demo'], /unknown command demo/],
    [['collect', '--bogus'], /unknown option --bogus/],
    [['backfill', '--from', '2024-01-01'], /missing required option --to/],
    [['backfill', '--from', '2024-01-05', '--to', '2024-01-01'], /--from 2024-01-05 after --to 2024-01-01/],
    [['cleanup', '--days', '-3'], /--days: expected a whole number >= 0, found "-3"/],
    [['collect', '-S', 'btc-usdt'], /expected \^\[A-Z0-9_\]\{2,32\}\$, found "btc-usdt"/],
    [['export', '--format', 'xml'], /--format: expected one of "csv", "jsonl", found "xml"/],
    [['symbols', 'update', '--quote', 'usdt!'], /--quote/],
  ])('rejects %j with exit code 2', async (argv, message) => {
    const error = await parseInvocation(argv, { env: {}, cwd }).catch((caught: unknown) => caught);
    expect(isExitError(error)).toBe(true);
    if (!isExitError(error)) return;
    expect(error.code).toBe(2);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });
});
