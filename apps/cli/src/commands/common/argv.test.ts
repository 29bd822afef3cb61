import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SYMBOLS } from '../../config/defaults.ts';
import {
  describeArgvTable,
  describeRejections,
  parseArgs,
  useConfiguredDirectory,
} from '../../test-support/parse-args.ts';

describeArgvTable('common flags: argv -> options', [
  {
    argv: ['--http-proxy', 'http://127.0.0.1:3128', '-S', 'BTCUSDT'],
    command: 'collect',
    legacy: true,
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
    legacy: true,
    options: { durationMs: 3_600_000 },
    common: {
      config: expect.objectContaining({
        proxy: { httpsProxy: 'http://u:p@127.0.0.1:3128', socksProxy: 'socks5://127.0.0.1:1080' },
      }),
    },
  },
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
  {
    argv: ['stats', '-S', 'SOLUSDT XRPUSDT', 'SOLUSDT,ADAUSDT'],
    command: 'stats',
    options: {},
    common: { config: expect.objectContaining({ symbols: ['SOLUSDT', 'XRPUSDT', 'ADAUSDT'] }) },
  },
  { argv: ['stats'], command: 'stats', options: {}, common: { json: false, yes: false, resume: 'ask' } },
  {
    argv: ['stats', '-y', '--no-resume'],
    command: 'stats',
    options: {},
    common: { yes: true, resume: 'no-resume' },
  },
]);

describe('common flags: where the symbols come from', () => {
  const cwd = useConfiguredDirectory();

  it('reads the symbol list from config/config.json in the working directory', async () => {
    const invocation = await parseArgs(['collect'], cwd.path);
    expect(invocation.common.config.symbols).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(invocation.common.sources.symbols.origin).toBe('config-file');
  });

  it('falls back to the built-in symbols without a config file', async () => {
    const invocation = await parseArgs(['collect'], tmpdir());
    expect(invocation.common.config.symbols).toEqual(DEFAULT_SYMBOLS);
  });
});

describeRejections('common flags: rejected command lines', [
  [['collect', '-S', 'btc-usdt'], /expected \^\[A-Z0-9_\]\{2,32\}\$, found "btc-usdt"/],
  [['collect', '-S', ','], /--symbols is empty: expected at least one symbol/],
  [['stats', '--log-format', 'xml'], /invalid log format in --log-format: expected human\|json, found "xml"/],
]);
