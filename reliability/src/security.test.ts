import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createScaledClock, startSimulator } from '@oi/binance-sim';
import { InvalidSymbolError, openStore } from '@oi/storage';
import { hashTree, runOi } from '@oi/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

  it('in the task journal and the log file of oi collect and oi backfill (proxy bypassed by NO_PROXY)', async () => {
    // The simulator is reached directly (NO_PROXY), so the commands get far enough to write a task
    // journal, a batch summary and the log file while a password-bearing proxy is configured. The
    // scaled clock (OI_TEST_CLOCK test hook) makes a minute of collecting last one real second.
    const realOriginMs = Date.now();
    const originMs = Date.UTC(2026, 0, 15, 12, 0, 30);
    const clock = createScaledClock({ originMs, realOriginMs, speed: 60 });
    const sim = await startSimulator({ clock, seed: 13 });
    const deadProxy = `http://${PROXY_USER}:${SECRET}@127.0.0.1:9`;
    const env = {
      NO_PROXY: '127.0.0.1',
      LOG_FILE_ENABLED: 'true',
      OI_TEST_CLOCK: `60:${originMs}:${realOriginMs}`,
    };
    const common = [
      '-S',
      'BTCUSDT',
      '--fapi-url',
      sim.url,
      '--archive-url',
      sim.url,
      '--data-dir',
      'data',
      '--log-level',
      'debug',
    ];
    const flags = ['--https-proxy', deadProxy, '--http-proxy', deadProxy];
    try {
      const backfill = await runOi(
        ['backfill', '--from', '2026-01-13', '--to', '2026-01-13', ...flags, ...common],
        { cwd: work.path, env },
      );
      expect(backfill.code, backfill.stderr).toBe(0);
      // Killed at its second logged tick, when the first is surely in the log file: the journal keeps a
      // running collect task, as after a crash. (A loaded machine may answer a tick after its
      // one-second minute: 0 rows, 1 failed.)
      const tickLine = /tick \d{4}-\d{2}-\d{2} \d{2}:\d{2}: \d rows, \d failed/;
      let stderr = '';
      const collect = await runOi(['collect', ...flags, ...common], {
        cwd: work.path,
        env: { ...env, SOCKS_PROXY: `socks5://${PROXY_USER}:${SECRET}@127.0.0.1:9` },
        timeoutMs: 30_000,
        onSpawn: (child) => {
          child.stderr?.on('data', (chunk: Buffer) => {
            stderr += chunk.toString();
            if (stderr.split('\n').filter((line) => tickLine.test(line)).length >= 2) child.kill('SIGKILL');
          });
        },
      });
      expect(collect.signal, collect.stderr).toBe('SIGKILL');
      expect(collect.stderr).toMatch(tickLine);
      const journal = await readFile(join(work.path, 'data', 'state', 'running_tasks.json'), 'utf8');
      expect(journal).toMatch(/"type":\s*"backfill"/);
      expect(journal).toMatch(/"type":\s*"collect"/);
      expect(journal).not.toContain(SECRET);
      const log = await readFile(join(work.path, 'data', 'logs', 'binance_oi_downloader.log'), 'utf8');
      expect(log).toContain('tick ');
      expect(log).not.toContain(SECRET);
      expect(`${backfill.stdout}${backfill.stderr}${collect.stdout}${collect.stderr}`).not.toContain(SECRET);
      expect(await dumpTree(work.path)).not.toContain(SECRET);
    } finally {
      await sim.close();
    }
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
