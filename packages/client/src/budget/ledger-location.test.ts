import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProxySettings } from '../http/proxy-settings.ts';
import { BudgetLedgerError } from './ledger-database.ts';
import { defaultBudgetDir, describeRoute, ledgerFilePath, prepareBudgetDir } from './ledger-location.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('describeRoute', () => {
  const rows: ReadonlyArray<readonly [string, ProxySettings, string]> = [
    ['https://fapi.binance.com', {}, 'https://fapi.binance.com direct'],
    ['https://fapi.binance.com/', {}, 'https://fapi.binance.com direct'],
    // COIN-M draws on USDⓈ-M's counter: one ledger for both hosts.
    ['https://dapi.binance.com', {}, 'https://fapi.binance.com direct'],
    [
      'https://dapi.binance.com',
      { httpsProxy: 'http://10.0.0.1:3128' },
      'https://fapi.binance.com via http://10.0.0.1:3128',
    ],
    [
      'https://fapi.binance.com',
      { httpsProxy: 'http://user:secret@10.0.0.1:3128' },
      'https://fapi.binance.com via http://10.0.0.1:3128',
    ],
    [
      'https://fapi.binance.com',
      { httpsProxy: 'http://other:pass@10.0.0.1:3128' },
      'https://fapi.binance.com via http://10.0.0.1:3128',
    ],
    [
      'https://fapi.binance.com',
      { socksProxy: 'socks5h://u:p@127.0.0.1:1080', httpsProxy: 'http://10.0.0.1:3128' },
      'https://fapi.binance.com via socks5h://127.0.0.1:1080',
    ],
    [
      'https://fapi.binance.com',
      { httpsProxy: 'http://10.0.0.1:3128', noProxy: '.binance.com' },
      'https://fapi.binance.com direct',
    ],
    ['http://127.0.0.1:41000', { httpsProxy: 'http://10.0.0.1:3128' }, 'http://127.0.0.1:41000 direct'],
  ];

  it.each(rows)('%s with %j', (baseUrl, proxy, expected) => {
    const route = describeRoute(baseUrl, proxy);
    expect(route).toBe(expected);
    expect(route).not.toMatch(/secret|pass|user|u:p/);
  });
});

describe('ledgerFilePath', () => {
  it('names one file per route, by hash', () => {
    const direct = ledgerFilePath('/run/oi', 'https://fapi.binance.com direct');
    expect(direct).toMatch(/^\/run\/oi\/budget-[0-9a-f]{16}\.sqlite$/);
    expect(ledgerFilePath('/run/oi', 'https://fapi.binance.com direct')).toBe(direct);
    expect(ledgerFilePath('/run/oi', 'https://fapi.binance.com via http://10.0.0.1:3128')).not.toBe(direct);
  });
});

describe('defaultBudgetDir', () => {
  it('uses $XDG_RUNTIME_DIR/oi when the environment has one, else a per-user temp directory', () => {
    expect(defaultBudgetDir({ XDG_RUNTIME_DIR: '/run/user/1000' })).toBe('/run/user/1000/oi');
    const uid = process.getuid?.() ?? 'user';
    expect(defaultBudgetDir({})).toBe(join(tmpdir(), `oi-budget-${uid}`));
    expect(defaultBudgetDir({ XDG_RUNTIME_DIR: ' ' })).toBe(join(tmpdir(), `oi-budget-${uid}`));
  });
});

describe('prepareBudgetDir', () => {
  it('creates the directory for this user only', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'oi-budget-dir-'));
    dirs.push(parent);
    const dir = join(parent, 'a', 'b');
    prepareBudgetDir(dir);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    prepareBudgetDir(dir);
  });

  it('refuses a path that is a file', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'oi-budget-dir-'));
    dirs.push(parent);
    const file = join(parent, 'file');
    await writeFile(file, 'x');
    expect(() => prepareBudgetDir(file)).toThrow(BudgetLedgerError);
  });
});
