import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashTree, runOi } from '@oi/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let cwd: string;
let dataDir: string;
let before: string;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'oi-bad-input-'));
  dataDir = join(cwd, 'data');
  const dayDir = join(dataDir, 'open_interest', 'BTCUSDT', '5m');
  await mkdir(dayDir, { recursive: true });
  await writeFile(
    join(dayDir, 'BTCUSDT-oi-5m-2024-01-01.csv'),
    'timestamp,datetime_utc,openInterest,sumOpenInterestValue\n1704067200000,2024-01-01T00:00:00Z,1.5,60000.1\n',
  );
  await mkdir(join(cwd, 'config'));
  await writeFile(join(cwd, 'config', 'config.json'), '["BTCUSDT"]');
  await writeFile(join(cwd, 'malformed.json'), '{"symbols": ["BTCUSDT",');
  await writeFile(join(cwd, 'shape.json'), '{"pairs": ["BTCUSDT"]}');
  await writeFile(join(cwd, 'lower.json'), '["btcusdt"]');
  await writeFile(join(cwd, 'loud.env'), 'LOG_LEVEL=loud\n');
  await writeFile(join(cwd, 'a-file'), 'not a directory');
  before = await hashTree(dataDir);
});

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const data = ['--data-dir', 'data'];

// Each case: argv, extra environment, and what the single error line must name.
const cases: [string, string[], Record<string, string>, RegExp][] = [
  ['unknown command', ['collcet'], {}, /unknown command collcet/],
  ['unknown flag', ['collect', '--symbol', 'BTCUSDT', ...data], {}, /unknown option --symbol/],
  [
    'malformed symbol',
    ['collect', '-S', 'btc-usdt', ...data],
    {},
    /invalid symbol in --symbols: expected .*found "btc-usdt"/,
  ],
  [
    'too short symbol',
    ['backfill', '-S', 'B', '--from', '2024-01-01', '--to', '2024-01-02', ...data],
    {},
    /found "B"/,
  ],
  [
    'invalid date',
    ['backfill', '--from', '2024-02-30', '--to', '2024-03-01', ...data],
    {},
    /invalid date in --from/,
  ],
  [
    'from after to',
    ['backfill', '--from', '2024-03-02', '--to', '2024-03-01', ...data],
    {},
    /--from 2024-03-02 after --to 2024-03-01/,
  ],
  ['missing --to', ['backfill', '--from', '2024-03-01', ...data], {}, /missing required option --to/],
  [
    'negative --days',
    ['cleanup', '--days', '-5', ...data],
    {},
    /--days: expected a whole number >= 0, found "-5"/,
  ],
  ['old --cleanup not a number', ['--cleanup', 'all', ...data], {}, /--cleanup: expected a whole number/],
  ['negative --hours', ['collect', '--hours', '-1', ...data], {}, /invalid duration in --hours/],
  ['bad --fapi-url', ['collect', '--fapi-url', 'fapi.binance.com', ...data], {}, /invalid URL in --fapi-url/],
  [
    'bad --http-proxy',
    ['collect', '--http-proxy', 'ftp://proxy:21', ...data],
    {},
    /invalid proxy URL in --http-proxy/,
  ],
  [
    'bad --socks-proxy',
    ['collect', '--socks-proxy', 'http://proxy:1080', ...data],
    {},
    /invalid proxy URL in --socks-proxy/,
  ],
  [
    'LOG_LEVEL=loud',
    ['collect', ...data],
    { LOG_LEVEL: 'loud' },
    /invalid log level in LOG_LEVEL: expected one of .* found "loud"/,
  ],
  [
    'LOG_FILE_ENABLED=maybe',
    ['collect', ...data],
    { LOG_FILE_ENABLED: 'maybe' },
    /invalid boolean in LOG_FILE_ENABLED/,
  ],
  [
    'bad HTTPS_PROXY',
    ['collect', ...data],
    { HTTPS_PROXY: 'proxy.local:3128' },
    /invalid proxy URL in HTTPS_PROXY/,
  ],
  [
    'bad BINANCE_FAPI_URL',
    ['collect', ...data],
    { BINANCE_FAPI_URL: 'ws://stream' },
    /invalid URL in BINANCE_FAPI_URL/,
  ],
  [
    'malformed config JSON',
    ['collect', '--config', 'malformed.json', ...data],
    {},
    /malformed JSON in config file/,
  ],
  [
    'config of the wrong shape',
    ['collect', '--config', 'shape.json', ...data],
    {},
    /expected a JSON array of symbols/,
  ],
  [
    'config with a bad symbol',
    ['collect', '--config', 'lower.json', ...data],
    {},
    /invalid symbol in config file .*found "btcusdt"/,
  ],
  [
    'missing --config file',
    ['collect', '--config', 'nowhere.json', ...data],
    {},
    /cannot read config file .*ENOENT/,
  ],
  [
    'missing --env-file',
    ['collect', '--env-file', 'nowhere.env', ...data],
    {},
    /cannot read env file .*ENOENT/,
  ],
  [
    'bad value in --env-file',
    ['collect', '--env-file', 'loud.env', ...data],
    {},
    /invalid log level in .*loud\.env: LOG_LEVEL/,
  ],
  [
    'data dir under a file',
    ['collect', '--data-dir', 'a-file/data'],
    {},
    /data directory .*a-file\/data is not writable/,
  ],
  [
    'data dir is a file',
    ['backfill', '--from', '2024-01-01', '--to', '2024-01-01', '--data-dir', 'a-file'],
    {},
    /expected a directory, found a file/,
  ],
  [
    'bad --format',
    ['export', '--format', 'xml', ...data],
    {},
    /--format: expected one of "csv", "jsonl", found "xml"/,
  ],
  [
    '--top 0',
    ['symbols', 'update', '--top', '0', '--demo'],
    {},
    /--top: expected a whole number 1\.\.1000, found "0"/,
  ],
  ['--port out of range', ['sim', '--port', '70000'], {}, /--port: expected a whole number 0\.\.65535/],
  ['bad --log-format', ['stats', '--log-format', 'xml', ...data], {}, /--log-format: expected human\|json/],
  ['no command at all', [], {}, /a command is required/],
];

describe('bad input: one clear line, exit 2, data untouched', () => {
  it.concurrent.each(cases)('%s', async (_name, args, env, message) => {
    const run = await runOi(args, { cwd, env });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^oi: error: /);
    expect(lines[0]).toMatch(message);
  });

  it('left the data directory exactly as it was', async () => {
    expect(await hashTree(dataDir)).toBe(before);
  });
});
