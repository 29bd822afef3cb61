import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidSymbolError, openStore } from '@oi/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashTree, runOi } from './test-support/run-oi.ts';
import { createWorkDir, type WorkDir } from './test-support/work-dir.ts';

// Nothing a user types may reach outside the data directory, and proxy credentials never appear in
// any output: logs, errors, `oi config show`, JSON results or files the command writes.

const SECRET = 'pa55-w0rd-S3CRET';
const PROXY_USER = 'oi-proxy-user';

let work: WorkDir;
beforeEach(async () => {
  work = await createWorkDir('oi-security-');
  await work.write('data/keep.txt', 'keep\n');
});
afterEach(async () => {
  await work.remove();
});

/** Every file name and content under `dir`, as one string to search. */
async function dumpTree(dir: string): Promise<string> {
  let text = '';
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    text += `${path}\n`;
    if (entry.isFile()) text += await readFile(path, 'utf8');
  }
  return text;
}

describe('paths stay inside the data directory', () => {
  const escapes = [
    '../../etc',
    '..',
    'A/../../B',
    'BTC/USDT',
    '/etc/passwd',
    'BTCUSDT\u0000',
    'C:\\WINDOWS',
    '.',
  ];

  it.each(escapes)('the store refuses the symbol %j', async (symbol) => {
    const store = await openStore({ dataDir: join(work.path, 'data') });
    try {
      const point = { slotMs: Date.UTC(2026, 0, 15), openInterest: '1', openInterestValue: '', extra: {} };
      await expect(store.merge(symbol, '1m', [point])).rejects.toBeInstanceOf(InvalidSymbolError);
      await expect(store.appendLive(symbol, point)).rejects.toBeInstanceOf(InvalidSymbolError);
    } finally {
      await store.close();
    }
  });

  it.each(escapes.filter((symbol) => !symbol.includes('\u0000')))(
    'oi refuses the symbol %j from a flag or a config file and leaves the disk as it was',
    async (symbol) => {
      await work.write('config/evil.json', JSON.stringify({ symbols: ['BTCUSDT', symbol] }));
      const before = await hashTree(work.path);
      for (const args of [
        ['export', '--data-dir', 'data', '--symbols', symbol, '--out', 'out.csv'],
        ['stats', '--data-dir', 'data', '--config', 'config/evil.json', '--symbols', symbol],
        ['cleanup', '--days', '0', '--data-dir', 'data', '--config', 'config/evil.json'],
      ]) {
        const run = await runOi(args, { cwd: work.path });
        expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(2);
        expect(run.stderr).toMatch(/oi: error: invalid symbol/);
      }
      expect(await hashTree(work.path)).toBe(before);
    },
  );

  it.each(['2026-01-01/../../x', '../2026-01-01', '2026-01-01T00:00Z/..'])(
    'a date %j is refused before any path is built',
    async (date) => {
      const before = await hashTree(work.path);
      const run = await runOi(['export', '--data-dir', 'data', '--from', date, '--out', 'x.csv'], {
        cwd: work.path,
      });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/oi: error: invalid date/);
      expect(await hashTree(work.path)).toBe(before);
    },
  );
});

describe('proxy credentials never appear', () => {
  const proxies = {
    HTTP_PROXY: `http://${PROXY_USER}:${SECRET}@127.0.0.1:9`,
    HTTPS_PROXY: `http://${PROXY_USER}:${SECRET}@127.0.0.1:9`,
    SOCKS_PROXY: `socks5://${PROXY_USER}:${SECRET}@127.0.0.1:9`,
  };

  it('in oi config show, human and JSON', async () => {
    for (const json of [[], ['--json']]) {
      const run = await runOi(['config', 'show', ...json], { cwd: work.path, env: proxies });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('127.0.0.1:9');
      expect(`${run.stdout}${run.stderr}`).not.toContain(SECRET);
    }
  });

  it('in debug logs, errors and the log file of a failing request through the proxy', async () => {
    const run = await runOi(
      [
        'symbols',
        'update',
        '--fapi-url',
        'http://fapi.example.com',
        '--log-level',
        'debug',
        '--data-dir',
        'data',
      ],
      { cwd: work.path, env: { ...proxies, LOG_FILE_ENABLED: 'true' }, timeoutMs: 45_000 },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/oi: error: /);
    expect(`${run.stdout}${run.stderr}`).not.toContain(SECRET);
    expect(await dumpTree(work.path)).not.toContain(SECRET);
  });

  it('in a bad-proxy error, which names the variable but not the password', async () => {
    const run = await runOi(['config', 'show'], {
      cwd: work.path,
      env: { HTTPS_PROXY: `ftp://${PROXY_USER}:${SECRET}@proxy:21` },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/HTTPS_PROXY/);
    expect(run.stderr).not.toContain(SECRET);
  });
});
