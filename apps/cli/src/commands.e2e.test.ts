import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScaledClock, type Simulator, startSimulator } from '@oi/binance-sim';
import { runOi } from '@oi/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Every command as a child process (node --conditions=@oi/source -- src/main.ts ...) against a
// simulator on the real clock, started here; results checked through exit codes, files and --json.

let sim: Simulator;
let cwd: string;
const DAY_MS = 86_400_000;

beforeAll(async () => {
  sim = await startSimulator({ seed: 3 });
  cwd = await mkdtemp(join(tmpdir(), 'oi-e2e-'));
  await mkdir(join(cwd, 'config'));
  await writeFile(
    join(cwd, 'config', 'config.json'),
    JSON.stringify({ symbols: ['BTCUSDT', 'ETHUSDT'], keep: 1 }),
  );
});
afterAll(async () => {
  await sim.close();
  await rm(cwd, { recursive: true, force: true });
});

const dayKey = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const oi = (args: string[], env: Record<string, string> = {}) =>
  runOi([...args, '--fapi-url', sim.url], { cwd, env });
const json = (text: string) => JSON.parse(text) as Record<string, unknown>;

describe('oi against the simulator', () => {
  const yesterday = dayKey(Date.now() - DAY_MS);

  it('backfill fills a day of 5m history and exits 0 when nothing is missing', async () => {
    const run = await oi([
      'backfill',
      '--from',
      yesterday,
      '--to',
      yesterday,
      '--data-dir',
      'data',
      '--json',
    ]);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    const result = json(run.stdout);
    expect(result).toMatchObject({
      symbols: ['BTCUSDT', 'ETHUSDT'],
      interrupted: false,
      remaining: { missingSlots: 0 },
    });
    expect(result['slotsWritten']).toBe(2 * 288);
    const file = await readFile(
      join(cwd, 'data/open_interest/BTCUSDT/5m', `BTCUSDT-oi-5m-${yesterday}.csv`),
      'utf8',
    );
    const lines = file.trim().split('\n');
    expect(lines[0]).toMatch(/^timestamp,datetime_utc,openInterest,sumOpenInterestValue/);
    expect(lines).toHaveLength(289);
    const journal = json(await readFile(join(cwd, 'data/state/running_tasks.json'), 'utf8'));
    expect(journal['tasks']).toEqual([expect.objectContaining({ type: 'backfill', status: 'done' })]);
  });

  it('backfill beyond the API retention exits 3 and says what cannot be recovered', async () => {
    const old = dayKey(Date.now() - 40 * DAY_MS);
    const run = await oi([
      'backfill',
      '-S',
      'BTCUSDT',
      '--from',
      old,
      '--to',
      old,
      '--data-dir',
      'data',
      '--json',
    ]);
    expect(run.code).toBe(3);
    const result = json(run.stdout) as { remaining: { missingSlots: number; unrecoverableSlots: number } };
    expect(result.remaining.missingSlots).toBe(288);
    expect(result.remaining.unrecoverableSlots).toBe(288);
  });

  it('gaps reports coverage per symbol and series', async () => {
    const run = await oi([
      'gaps',
      '--series',
      '5m',
      '--from',
      yesterday,
      '--to',
      yesterday,
      '--data-dir',
      'data',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const result = json(run.stdout) as {
      reports: { symbol: string; coveragePercent: number; expectedSlots: number }[];
    };
    expect(result.reports.map((r) => [r.symbol, r.expectedSlots, r.coveragePercent])).toEqual([
      ['BTCUSDT', 288, 100],
      ['ETHUSDT', 288, 100],
    ]);
    const text = await oi([
      'gaps',
      '-S',
      'BTCUSDT',
      '--from',
      yesterday,
      '--to',
      yesterday,
      '--data-dir',
      'data',
    ]);
    expect(text.stdout).toMatch(/BTCUSDT\s+1m\s+1440\s+0\s+0\.00%\s+0\s+1440/);
    expect(text.stdout).toMatch(/cannot be recovered \(live-only\)/);
  });

  it('stats counts the files and rows written', async () => {
    const run = await oi(['stats', '--data-dir', 'data', '--json']);
    expect(run.code).toBe(0);
    const result = json(run.stdout) as { total: { rows: number; files: number } };
    expect(result.total.rows).toBe(576);
    const text = await oi(['--stats', '--data-dir', 'data']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^BTCUSDT\s+5m\s+\d+\s+288\s/m);
  });

  it('run as the package start script, resolves relative paths from where pnpm was run', async () => {
    // `pnpm --filter cli start` runs in apps/cli; INIT_CWD is the user's directory.
    const run = await runOi(['stats', '--data-dir', 'data', '--json'], {
      cwd: tmpdir(),
      env: { INIT_CWD: cwd, npm_lifecycle_event: 'start', npm_package_name: 'cli' },
    });
    expect(run.code).toBe(0);
    expect((json(run.stdout) as { total: { rows: number } }).total.rows).toBe(576);
  });

  it('export writes CSV to a file and JSON lines to stdout', async () => {
    const run = await oi([
      'export',
      '-S',
      'ETHUSDT',
      '--from',
      yesterday,
      '--to',
      yesterday,
      '--out',
      'eth.csv',
      '--data-dir',
      'data',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(json(run.stdout)).toMatchObject({ rows: 288, format: 'csv', series: '5m' });
    const csv = (await readFile(join(cwd, 'eth.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe(
      'symbol,timestamp,datetime_utc,openInterest,sumOpenInterestValue,CMCCirculatingSupply,source',
    );
    expect(csv).toHaveLength(289);
    const lines = await oi([
      'export',
      '--format',
      'jsonl',
      '--from',
      yesterday,
      '--to',
      yesterday,
      '--data-dir',
      'data',
    ]);
    expect(lines.code).toBe(0);
    const rows = lines.stdout
      .trim()
      .split('\n')
      .map((line) => json(line));
    expect(rows).toHaveLength(576);
    expect(rows[0]).toMatchObject({
      symbol: 'BTCUSDT',
      timestamp: expect.any(Number),
      openInterest: expect.any(String),
    });
  });

  it('export to an unusable --out path is one error line (exit 1) and leaves no partial file', async () => {
    await writeFile(join(cwd, 'a-file'), 'not a directory');
    const run = await oi(['export', '--data-dir', 'data', '--out', 'a-file/out.csv']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(
      /^oi: error: ENOTDIR: not a directory, open '.*a-file\/out\.csv\.partial'$/,
    );
  });

  it('cleanup --dry-run lists, cleanup deletes, old --cleanup works too', async () => {
    const before = await readdir(join(cwd, 'data/open_interest/BTCUSDT/5m'));
    const dry = await oi(['cleanup', '--days', '0', '--dry-run', '--data-dir', 'data', '--json']);
    expect(dry.code).toBe(0);
    const listed = json(dry.stdout) as { files: unknown[]; dryRun: boolean };
    expect(listed.dryRun).toBe(true);
    expect(listed.files.length).toBeGreaterThan(0);
    expect(await readdir(join(cwd, 'data/open_interest/BTCUSDT/5m'))).toEqual(before);
    const kept = await oi(['--cleanup', '3650', '--data-dir', 'data', '--json']);
    expect(json(kept.stdout)).toMatchObject({ files: [] });
  });

  it('symbols update writes the top perpetuals by quote volume and prints the diff', async () => {
    const dir = await mkdtemp(join(cwd, 'symbols-'));
    await mkdir(join(dir, 'config'));
    await writeFile(join(dir, 'config', 'config.json'), '["BTCUSDT","GONEUSDT"]');
    const run = await runOi(['symbols', 'update', '--top', '4', '--fapi-url', sim.url, '--json'], {
      cwd: dir,
    });
    expect(run.code).toBe(0);
    const result = json(run.stdout) as { symbols: string[]; removed: string[] };
    expect(result.symbols).toHaveLength(4);
    expect(result.removed).toContain('GONEUSDT');
    const written = JSON.parse(await readFile(join(dir, 'config', 'config.json'), 'utf8'));
    expect(written).toEqual(result.symbols);
    // The order is by 24h quote volume, as the exchange reports it.
    const tickers = (await (await fetch(`${sim.url}/fapi/v1/ticker/24hr`)).json()) as {
      symbol: string;
      quoteVolume: string;
    }[];
    const volume = new Map(tickers.map((t) => [t.symbol, Number(t.quoteVolume)]));
    const volumes = result.symbols.map((s) => volume.get(s) ?? 0);
    expect([...volumes].sort((a, b) => b - a)).toEqual(volumes);
    const demo = await runOi(['symbols', 'update', '--demo', '--top', '3'], { cwd: dir });
    expect(demo.code).toBe(0);
    expect(demo.stdout).toMatch(/3 symbols/);
  });

  it('an unknown symbol is bad input (exit 2) before any data is written', async () => {
    const run = await oi([
      'backfill',
      '-S',
      'NOPEUSDT',
      '--from',
      yesterday,
      '--to',
      yesterday,
      '--data-dir',
      'fresh',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(/^oi: error: unknown symbol NOPEUSDT: expected symbols listed by/);
    expect(await readdir(join(cwd, 'fresh'))).toEqual([]);
  });

  it('an unreachable host names the endpoint and the proxy settings (exit 1)', async () => {
    const run = await runOi(
      [
        'backfill',
        '--from',
        yesterday,
        '--to',
        yesterday,
        '--data-dir',
        'fresh',
        '--fapi-url',
        'http://127.0.0.1:59998',
      ],
      { cwd },
    );
    expect(run.code).toBe(1);
    const last = run.stderr.trim().split('\n').at(-1);
    expect(last).toMatch(
      /cannot reach http:\/\/127\.0\.0\.1:59998 \(GET \/fapi\/v1\/exchangeInfo\).*proxy settings/,
    );
  });

  it('collect --hours runs the patrol and live ticks, then ends its task as done', async () => {
    // On a clock shared with its own simulator (10x, via the OI_TEST_CLOCK hook), so the run's two
    // virtual minutes sit between two patrol rounds whatever the wall clock says: a round runs at
    // start and then when each 5m row is published, 15 s after its slot (00:05:15, 00:10:15), and
    // starting at 00:05:20 leaves 17 real seconds for the child to start on a loaded machine.
    const origin = Date.UTC(2026, 0, 14, 0, 5, 20);
    const realOriginMs = Date.now();
    const clock = createScaledClock({ originMs: origin, realOriginMs, speed: 10 });
    const shared = await startSimulator({ clock, seed: 3 });
    try {
      const args = ['collect', '-S', 'BTCUSDT', '--hours', '2m', '--data-dir', 'live', '--json'];
      const run = await runOi([...args, '--fapi-url', shared.url], {
        cwd,
        env: { OI_TEST_CLOCK: `10:${origin}:${realOriginMs}` },
      });
      expect(run.code, run.stderr).toBe(0);
      const result = json(run.stdout) as Record<string, number>;
      expect(result).toMatchObject({ stopReason: 'duration', patrolRounds: 1 });
      expect(result['slotsWritten']).toBeGreaterThan(8000);
      // A virtual minute is 6 real seconds, so a loaded machine may answer a tick after its minute:
      // that minute is then a reported gap, never a row. Every minute is one or the other.
      const { ticks = 0, rows = 0, missedSlots = 0 } = result;
      expect(ticks).toBeGreaterThanOrEqual(1);
      expect(rows).toBeLessThanOrEqual(ticks);
      expect(rows + missedSlots).toBeGreaterThanOrEqual(ticks);
      const dayFile = join(cwd, 'live/open_interest/BTCUSDT/1m/BTCUSDT-oi-2026-01-14.csv');
      const stored = rows === 0 ? [] : (await readFile(dayFile, 'utf8')).trim().split('\n').slice(1);
      expect(stored).toHaveLength(rows);
      for (const line of stored) expect(Number(line.split(',')[0]) % 60_000).toBe(0);
      const journal = json(await readFile(join(cwd, 'live/state/running_tasks.json'), 'utf8'));
      expect(journal['tasks']).toEqual([expect.objectContaining({ type: 'collect', status: 'done' })]);
    } finally {
      await shared.close();
    }
  });

  it('SIGTERM stops the collector gracefully within 5 s and leaves the task interrupted', async () => {
    let stoppedAt = 0;
    const run = await runOi(['collect', '-S', 'ETHUSDT', '--data-dir', 'stopped', '--fapi-url', sim.url], {
      cwd,
      onSpawn: (child) => {
        child.stderr?.on('data', (chunk: Buffer) => {
          if (stoppedAt === 0 && chunk.toString().includes('collecting 1 symbols')) {
            stoppedAt = performance.now();
            child.kill('SIGTERM');
          }
        });
      },
    });
    const elapsedMs = performance.now() - stoppedAt;
    expect(stoppedAt).toBeGreaterThan(0);
    expect(run.code).toBe(0);
    expect(elapsedMs).toBeLessThan(5_000);
    expect(run.stderr).toMatch(/SIGTERM received/);
    const journal = json(await readFile(join(cwd, 'stopped/state/running_tasks.json'), 'utf8'));
    expect(journal['tasks']).toEqual([expect.objectContaining({ type: 'collect', status: 'interrupted' })]);
    const resume = await runOi(['resume', '--data-dir', 'stopped', '--json'], { cwd });
    expect(resume.code).toBe(0);
    expect(json(resume.stdout)).toMatchObject({
      tasks: [expect.objectContaining({ status: 'interrupted' })],
      resumed: [],
    });
  });

  it('sim prints its URL at once and stops on SIGTERM', async () => {
    let url = '';
    const run = await runOi(['sim', '--port', '0', '--json'], {
      cwd,
      onSpawn: (child) => {
        child.stdout?.on('data', async (chunk: Buffer) => {
          url = (JSON.parse(chunk.toString()) as { url: string }).url;
          const answer = await fetch(`${url}/fapi/v1/ping`);
          expect(answer.status).toBe(200);
          child.kill('SIGTERM');
        });
      },
    });
    expect(run.code).toBe(0);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('config show names where each value came from and masks proxy passwords', async () => {
    const run = await runOi(['config', 'show', '--data-dir', 'x'], {
      cwd,
      env: { HTTPS_PROXY: 'http://user:s3cret@127.0.0.1:3128', LOG_LEVEL: 'warn' },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^symbols\s+BTCUSDT,ETHUSDT\s+\[config-file: .*config\.json\]$/m);
    expect(run.stdout).toMatch(/^dataDir\s+.*\/x\s+\[flag: --data-dir\]$/m);
    expect(run.stdout).toMatch(/^logLevel\s+warn\s+\[env: LOG_LEVEL\]$/m);
    expect(run.stdout).toMatch(
      /^httpsProxy\s+http:\/\/user:\*\*\*@127\.0\.0\.1:3128\s+\[env: HTTPS_PROXY\]$/m,
    );
    expect(run.stdout).not.toContain('s3cret');
  });

  it('demo runs end to end on the virtual clock in well under a minute', async () => {
    const started = performance.now();
    const run = await runOi(['demo', '--minutes', '3', '--days', '1', '--data-dir', 'demo', '--json'], {
      cwd,
    });
    const realMs = performance.now() - started;
    expect(run.code).toBe(0);
    const result = json(run.stdout) as { collector: { ticks: number; rows: number; missedSlots: number } };
    expect(result.collector).toMatchObject({ ticks: 3, rows: 15, missedSlots: 0 });
    expect(realMs).toBeLessThan(60_000);
    const oneMinuteFiles = await readdir(join(cwd, 'demo/open_interest/BTCUSDT/1m'));
    expect(oneMinuteFiles).toEqual(['BTCUSDT-oi-2026-01-15.csv']);
    expect((await stat(join(cwd, 'demo/logs'))).isDirectory()).toBe(true);
  });
});
