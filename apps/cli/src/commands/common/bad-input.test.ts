import { describeBadInput, FIXTURE_DATA_DIR } from '../../test-support/bad-input.ts';

const data = [...FIXTURE_DATA_DIR];

describeBadInput('common flags, environment and files', [
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
  ['bad --log-format', ['stats', '--log-format', 'xml', ...data], {}, /--log-format: expected human\|json/],
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
    // The operating system refuses to create it (Node's recursive mkdir alone would loop forever).
    'data dir below /proc',
    ['collect', '--data-dir', '/proc/self/oi-data/x'],
    {},
    /data directory \/proc\/self\/oi-data\/x is not writable/,
  ],
  [
    'data dir is a file',
    ['backfill', '--from', '2024-01-01', '--to', '2024-01-01', '--data-dir', 'a-file'],
    {},
    /expected a directory, found a file/,
  ],
]);
