import { ProxyConfigError } from '@oi/client';
import { OiError } from '@oi/errors';
import { BinanceApiError, NetworkError, RequestTimeoutError, ResponseValidationError } from '@oi/retry';
import { CannotCreateDirectoryError, DiskWriteError, StoreLockedError, UnsafeEntryError } from '@oi/storage';
import { describe, expect, it } from 'vitest';
import { describeFailure } from './describe-failure.ts';
import { ConfigError, ExitError, UsageError } from './exit-error.ts';

const HOST = 'http://127.0.0.1:8080';
const target = { method: 'GET', endpoint: '/fapi/v1/exchangeInfo' };
const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8080'), { code: 'ECONNREFUSED' });

describe('describeFailure: by class and code, never by name or message', () => {
  it.each([
    ['UsageError', new UsageError('unknown option --bogus'), 2, 'unknown option --bogus'],
    ['ConfigError', new ConfigError('invalid URL in BINANCE_FAPI_URL'), 2, 'invalid URL in BINANCE_FAPI_URL'],
    ['ExitError 3', new ExitError(3, 'gaps remain'), 3, 'gaps remain'],
    ['ExitError 1', new ExitError(1, 'failed'), 1, 'failed'],
    [
      'ProxyConfigError (PROXY_CONFIG)',
      new ProxyConfigError('socksProxy', 'http://u:pw@proxy', 'expected socks5://'),
      2,
      /^Invalid socksProxy "http:\/\/u:\*\*\*@proxy/,
    ],
    [
      'StoreLockedError (STORE_LOCKED)',
      new StoreLockedError('/data', '/data/state/writer.lock', { pid: 42, host: 'h', sinceMs: 0 }),
      1,
      /^data directory \/data is locked by pid 42/,
    ],
    [
      'CannotCreateDirectoryError (CANNOT_CREATE_DIRECTORY)',
      new CannotCreateDirectoryError('/proc/x/data', '/proc/x', 'ENOENT', 'no such directory'),
      2,
      /^cannot create directory \/proc\/x\/data/,
    ],
    [
      'DiskWriteError (DISK_WRITE_FAILED)',
      new DiskWriteError('/data/open_interest/BTCUSDT/5m/BTCUSDT-oi-5m-2026-01-01.csv', 'ENOSPC'),
      1,
      'cannot write /data/open_interest/BTCUSDT/5m/BTCUSDT-oi-5m-2026-01-01.csv: ENOSPC (no space left on device)',
    ],
    [
      'UnsafeEntryError (UNSAFE_ENTRY)',
      new UnsafeEntryError('/data/open_interest/BTCUSDT', 'symlink'),
      1,
      /^refusing \/data\/open_interest\/BTCUSDT: a symbolic link inside the data directory/,
    ],
    [
      'NetworkError (NETWORK)',
      new NetworkError({ ...target, cause: refused }),
      1,
      `cannot reach ${HOST} (GET /fapi/v1/exchangeInfo): ECONNREFUSED; check the network and the proxy settings (--http-proxy/--https-proxy/--socks-proxy or HTTP_PROXY/HTTPS_PROXY/SOCKS_PROXY)`,
    ],
    [
      'NetworkError of another host (dapi, the archive)',
      new NetworkError({ ...target, origin: 'https://dapi.binance.com', cause: refused }),
      1,
      /^cannot reach https:\/\/dapi\.binance\.com \(GET \/fapi\/v1\/exchangeInfo\): ECONNREFUSED; check/,
    ],
    [
      'RequestTimeoutError of another host',
      new RequestTimeoutError({ ...target, origin: 'https://data.binance.vision', timeoutMs: 10_000 }),
      1,
      /^no answer from https:\/\/data\.binance\.vision within 10000 ms/,
    ],
    [
      'RequestTimeoutError (REQUEST_TIMEOUT)',
      new RequestTimeoutError({ ...target, timeoutMs: 10_000 }),
      1,
      /^no answer from http:\/\/127\.0\.0\.1:8080 within 10000 ms \(GET \/fapi\/v1\/exchangeInfo\); check/,
    ],
    [
      'BinanceApiError (BINANCE_API)',
      new BinanceApiError({ ...target, status: 400, binanceCode: -1121, msg: 'Invalid symbol.' }),
      1,
      /^Binance answered 400 -1121 Invalid symbol\.: GET \/fapi\/v1\/exchangeInfo \(at http:\/\/127\.0\.0\.1:8080\)$/,
    ],
    [
      'ResponseValidationError (RESPONSE_INVALID)',
      new ResponseValidationError({ ...target, issues: ['symbols: expected array'] }),
      1,
      /\(at http:\/\/127\.0\.0\.1:8080; is --fapi-url a Binance futures API\?\)$/,
    ],
    [
      'another OiError',
      new OiError('JOURNAL_UNREADABLE', 'journal x is unreadable'),
      1,
      'journal x is unreadable',
    ],
    ['a plain Error', new Error('ENOSPC: no space left'), 1, 'ENOSPC: no space left'],
    ['a thrown string', 'boom', 1, 'boom'],
  ])('%s -> exit %i', (_name, error, code, message) => {
    const report = describeFailure(error, HOST);
    expect(report.code).toBe(code);
    if (typeof message === 'string') expect(report.message).toBe(message);
    else expect(report.message).toMatch(message);
  });

  it('does not take an error for a usage error because of its name or message', () => {
    const lookAlike = Object.assign(new Error('unknown option --bogus'), {
      name: 'UsageError',
      code: 'USAGE',
    });
    expect(describeFailure(lookAlike).code).toBe(1);
    const renamed = Object.assign(new OiError('STORE_LOCKED', 'locked'), { name: 'SomethingElse' });
    expect(describeFailure(renamed).code).toBe(1);
    const lockedByName = Object.assign(new OiError('USAGE', 'bad flag'), { name: 'StoreLockedError' });
    expect(describeFailure(lockedByName).code).toBe(2);
  });
});
