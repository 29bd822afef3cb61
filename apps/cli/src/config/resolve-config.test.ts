import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from './resolve-config.ts';

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'oi-config-'));
  await mkdir(join(cwd, 'config'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('resolveConfig precedence: flags > env > .env > config.json > defaults', () => {
  it('takes each value from the most specific place that sets it, and says where', async () => {
    await writeFile(
      join(cwd, 'config', 'config.json'),
      JSON.stringify({ symbols: ['ETHUSDT'], note: 'kept' }),
    );
    await writeFile(join(cwd, '.env'), 'DATA_DIR=from-dotenv\nLOG_LEVEL=warn\nHTTP_PROXY=http://dotenv:1\n');
    const result = await resolveConfig({
      flags: { logLevel: 'debug' },
      env: { LOG_LEVEL: 'error', HTTP_PROXY: 'http://user:pw@env:3128' },
      cwd,
    });
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.config).toMatchObject({
      symbols: ['ETHUSDT'],
      configForm: 'object',
      dataDir: join(cwd, 'from-dotenv'),
      logLevel: 'debug',
      proxy: { httpProxy: 'http://user:pw@env:3128' },
    });
    expect(result.sources.symbols).toEqual({
      origin: 'config-file',
      detail: join(cwd, 'config', 'config.json'),
    });
    expect(result.sources.dataDir).toEqual({ origin: 'env-file', detail: `${join(cwd, '.env')}: DATA_DIR` });
    expect(result.sources.logLevel).toEqual({ origin: 'flag', detail: '--log-level' });
    expect(result.sources.httpProxy).toEqual({ origin: 'env', detail: 'HTTP_PROXY' });
    expect(result.sources.fapiUrl.origin).toBe('default');
  });

  it('reads the old array form of config.json', async () => {
    await writeFile(join(cwd, 'config', 'config.json'), '["BTCUSDT","SOLUSDT"]');
    const result = await resolveConfig({ flags: {}, env: {}, cwd });
    expect(result).toMatchObject({
      ok: true,
      config: { symbols: ['BTCUSDT', 'SOLUSDT'], configForm: 'array' },
    });
  });

  it('prefers --env-file over .env in the working directory', async () => {
    await writeFile(join(cwd, '.env'), 'BINANCE_FAPI_URL=http://dotenv.example\n');
    await writeFile(join(cwd, 'other.env'), 'BINANCE_FAPI_URL=http://other.example/\n');
    const result = await resolveConfig({ flags: { envFile: 'other.env' }, env: {}, cwd });
    expect(result).toMatchObject({ ok: true, config: { fapiUrl: 'http://other.example' } });
  });

  it.each([
    [{ flags: { config: 'missing.json' } }, /cannot read config file .*missing\.json: ENOENT/],
    [{ flags: { envFile: 'missing.env' } }, /cannot read env file .*missing\.env: ENOENT/],
    [{ env: { LOG_LEVEL: 'loud' } }, /invalid log level in LOG_LEVEL: expected one of .*found "loud"/],
    [{ env: { LOG_FILE_ENABLED: 'maybe' } }, /invalid boolean in LOG_FILE_ENABLED: expected true or false/],
    [{ env: { HTTPS_PROXY: 'not a url' } }, /invalid proxy URL in HTTPS_PROXY/],
    [{ env: { SOCKS_PROXY: 'http://127.0.0.1:1080' } }, /invalid proxy URL in SOCKS_PROXY: expected socks5:/],
    [{ env: { BINANCE_FAPI_URL: 'fapi.binance.com' } }, /invalid URL in BINANCE_FAPI_URL/],
    [
      { flags: { logFormat: 'xml' } },
      /invalid log format in --log-format: expected human\|json, found "xml"/,
    ],
  ])('rejects %j', async (input, message) => {
    const result = await resolveConfig({ flags: {}, env: {}, cwd, ...input });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(message);
  });

  it.each([
    ['{"symbols": ["BTCUSDT",]}', /malformed JSON in config file/],
    [
      '{"pairs": ["BTCUSDT"]}',
      /expected a JSON array of symbols or an object \{"symbols": \[\.\.\.\]\}, found an object with keys \["pairs"\]/,
    ],
    ['{"symbols": "BTCUSDT"}', /"symbols" must be an array of strings, found string/],
    ['["BTCUSDT", "eth/usdt"]', /invalid symbol in config file .*found "eth\/usdt"/],
    ['[]', /is empty: expected at least one symbol/],
  ])('rejects config.json %s', async (text, message) => {
    await writeFile(join(cwd, 'config', 'config.json'), text);
    const result = await resolveConfig({ flags: {}, env: {}, cwd });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(message);
  });

  it('keeps DATA_DIR out of the demo when asked to', async () => {
    const result = await resolveConfig({
      flags: {},
      env: { DATA_DIR: '/srv/real-data' },
      cwd,
      defaultDataDir: './data-demo',
      ignoreEnvDataDir: true,
    });
    expect(result).toMatchObject({ ok: true, config: { dataDir: join(cwd, 'data-demo') } });
  });
});

describe('markets and the whole universe', () => {
  it('defaults to USDⓈ-M, Binance dapi host and perpetuals, and says so', async () => {
    const result = await resolveConfig({ flags: {}, env: {}, cwd });
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.config).toMatchObject({
      market: 'um',
      contracts: 'perpetual',
      allSymbols: false,
      dapiUrl: 'https://dapi.binance.com',
    });
    expect(result.sources.market.origin).toBe('default');
  });

  it('takes --market over OI_MARKET and --dapi-url over BINANCE_DAPI_URL', async () => {
    const result = await resolveConfig({
      flags: { market: 'all', dapiUrl: 'http://127.0.0.1:9/' },
      env: { OI_MARKET: 'cm', BINANCE_DAPI_URL: 'http://env.example' },
      cwd,
    });
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.config).toMatchObject({ market: 'all', dapiUrl: 'http://127.0.0.1:9' });
    expect(result.sources.market).toEqual({ origin: 'flag', detail: '--market' });
    const fromEnv = await resolveConfig({ flags: {}, env: { OI_MARKET: 'cm' }, cwd });
    expect(fromEnv).toMatchObject({
      ok: true,
      config: { market: 'cm' },
      sources: { market: { origin: 'env' } },
    });
  });

  it('reads --symbols all as the whole universe, not as a symbol', async () => {
    const result = await resolveConfig({ flags: { symbols: ['all'], contracts: 'all' }, env: {}, cwd });
    expect(result).toMatchObject({ ok: true, config: { allSymbols: true, symbols: [], contracts: 'all' } });
  });

  it.each([
    [{ flags: { market: 'both' } }, /invalid --market: expected one of um\|cm\|all, found "both"/],
    [{ env: { OI_MARKET: 'UM' } }, /invalid OI_MARKET: expected one of um\|cm\|all, found "UM"/],
    [{ flags: { contracts: 'quarterly' } }, /invalid --contracts: expected one of perpetual\|all/],
    [{ env: { BINANCE_DAPI_URL: 'ftp://dapi.example' } }, /BINANCE_DAPI_URL/],
  ])('refuses %j', async (input, message) => {
    const result = await resolveConfig({ flags: {}, env: {}, cwd, ...input });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(message);
  });
});
