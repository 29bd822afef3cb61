import { execFileSync } from 'node:child_process';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { hashTree, runOi } from '@oi/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLines, expectOneErrorLine } from './test-support/error-line.ts';
import { createWorkDir, oneMinuteDayFile, type WorkDir } from './test-support/work-dir.ts';

// Every case runs `oi` as a child process in a work directory holding a data directory with valid,
// corrupted and foreign day files, and checks: the exit code, one clear error line naming the
// problem, and that no file in the work directory was changed, added or removed (hash before/after).

const DAY_MS = 86_400_000;
const FIRST_SLOT_MS = Date.UTC(2026, 0, 15);

interface BadInputCase {
  readonly name: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly code: number;
  /** Matches the error output. */
  readonly error: RegExp;
  /** A credential in the input that must appear nowhere in the output. */
  readonly secret?: string;
}

/** A closed port: bound once to learn a free number, then released. */
async function findClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let work: WorkDir;
let deadPort: number;

beforeAll(async () => {
  work = await createWorkDir();
  await work.write(
    'data/open_interest/BTCUSDT/1m/BTCUSDT-oi-2026-01-15.csv',
    oneMinuteDayFile(FIRST_SLOT_MS, 1440),
  );
  await work.write(
    'data/open_interest/ETHUSDT/1m/ETHUSDT-oi-2026-01-15.csv',
    oneMinuteDayFile(FIRST_SLOT_MS, 700),
  );
  // A torn last line, random bytes, and a file of another tool where a day file is expected.
  await work.write(
    'data/open_interest/ETHUSDT/1m/ETHUSDT-oi-2026-01-16.csv',
    `${oneMinuteDayFile(FIRST_SLOT_MS + DAY_MS, 10)}17685216600`,
  );
  await work.write(
    'data/open_interest/BTCUSDT/1m/BTCUSDT-oi-2026-01-16.csv',
    Uint8Array.from({ length: 512 }, (_, i) => (i * 97 + 13) % 256),
  );
  await work.write(
    'data/open_interest/XRPUSDT/5m/XRPUSDT-oi-5m-2026-01-15.csv',
    'open_time,open,high,low,close\n1,2,3,4,5\n',
  );
  await work.write('config/config.json', '["BTCUSDT","ETHUSDT"]\n');
  await work.write('bad-json.json', '{"symbols": [BTCUSDT]');
  await work.write('escape.json', '["BTCUSDT","../../etc"]');
  await work.write('wrong-type.json', '{"symbols": 5}');
  await work.write('empty.json', '[]');
  await work.write('bad-level.env', 'LOG_LEVEL=loud\n');
  await work.write('bad-proxy.env', 'HTTPS_PROXY=ftp://proxy:21\n');
  await work.write('a-file', 'not a directory\n');
  await mkdir(join(work.path, 'empty-dir'));
  deadPort = await findClosedPort();
});

afterAll(async () => {
  await work.remove();
});

const cases = (): BadInputCase[] => [
  // Flags
  { name: 'unknown option', args: ['--bogus'], code: 2, error: /unknown option --bogus/ },
  { name: 'unknown command', args: ['frobnicate'], code: 2, error: /frobnicate/ },
  { name: 'bad series', args: ['export', '--series', '3m'], code: 2, error: /--series.*"3m"/ },
  { name: 'bad format', args: ['export', '--format', 'xml'], code: 2, error: /--format.*"xml"/ },
  { name: 'negative days', args: ['cleanup', '--days', '-1'], code: 2, error: /--days.*"-1"/ },
  { name: 'days not a number', args: ['cleanup', '--days', 'abc'], code: 2, error: /--days.*"abc"/ },
  {
    name: 'impossible date',
    args: ['export', '--from', '2026-13-01'],
    code: 2,
    error: /--from.*"2026-13-01"/,
  },
  { name: 'February 30th', args: ['export', '--from', '2026-02-30'], code: 2, error: /--from.*"2026-02-30"/ },
  {
    name: 'from after to',
    args: ['export', '--from', '2026-01-05', '--to', '2026-01-01'],
    code: 2,
    error: /--from 2026-01-05 after --to 2026-01-01/,
  },
  {
    name: 'lowercase symbol',
    args: ['stats', '--symbols', 'btcusdt'],
    code: 2,
    error: /invalid symbol.*"btcusdt"/,
  },
  {
    name: 'symbol with a path',
    args: ['stats', '--symbols', '../etc'],
    code: 2,
    error: /invalid symbol.*"\.\.\/etc"/,
  },
  {
    name: 'bad log level',
    args: ['config', 'show', '--log-level', 'loud'],
    code: 2,
    error: /--log-level.*"loud"/,
  },
  {
    name: 'bad proxy URL',
    args: ['config', 'show', '--http-proxy', 'not a url'],
    code: 2,
    error: /--http-proxy/,
  },
  {
    name: 'socks proxy with an http scheme',
    args: ['config', 'show', '--socks-proxy', 'http://proxy:1080'],
    code: 2,
    error: /--socks-proxy/,
  },
  { name: 'bad fapi URL', args: ['config', 'show', '--fapi-url', 'ftp://x'], code: 2, error: /--fapi-url/ },
  // Environment and .env files
  {
    name: 'LOG_LEVEL',
    args: ['config', 'show'],
    env: { LOG_LEVEL: 'loud' },
    code: 2,
    error: /LOG_LEVEL.*"loud"/,
  },
  {
    name: 'HTTP_PROXY',
    args: ['config', 'show'],
    env: { HTTP_PROXY: 'garbage' },
    code: 2,
    error: /HTTP_PROXY/,
  },
  {
    name: 'BINANCE_FAPI_URL',
    args: ['config', 'show'],
    env: { BINANCE_FAPI_URL: 'not-a-url' },
    code: 2,
    error: /BINANCE_FAPI_URL/,
  },
  {
    name: 'LOG_FILE_ENABLED',
    args: ['config', 'show'],
    env: { LOG_FILE_ENABLED: 'maybe' },
    code: 2,
    error: /LOG_FILE_ENABLED.*"maybe"/,
  },
  {
    name: 'missing env file',
    args: ['config', 'show', '--env-file', 'none.env'],
    code: 2,
    error: /env file.*none\.env/,
  },
  {
    name: 'bad value in env file',
    args: ['config', 'show', '--env-file', 'bad-level.env'],
    code: 2,
    error: /bad-level\.env/,
  },
  {
    name: 'bad proxy in env file',
    args: ['config', 'show', '--env-file', 'bad-proxy.env'],
    code: 2,
    error: /HTTPS_PROXY/,
  },
  // Config files
  {
    name: 'missing config file',
    args: ['config', 'show', '--config', 'none.json'],
    code: 2,
    error: /none\.json/,
  },
  {
    name: 'malformed config JSON',
    args: ['config', 'show', '--config', 'bad-json.json'],
    code: 2,
    error: /malformed JSON/,
  },
  {
    name: 'config symbol escaping the data directory',
    args: ['config', 'show', '--config', 'escape.json'],
    code: 2,
    error: /invalid symbol.*"\.\.\/\.\.\/etc"/,
  },
  {
    name: 'config of the wrong shape',
    args: ['config', 'show', '--config', 'wrong-type.json'],
    code: 2,
    error: /"symbols"/,
  },
  { name: 'empty symbol list', args: ['config', 'show', '--config', 'empty.json'], code: 2, error: /empty/ },
  // Data directory
  {
    name: 'data directory is a file (flag)',
    args: ['cleanup', '--days', '1', '--data-dir', 'a-file'],
    code: 2,
    error: /a-file.*not writable/,
  },
  {
    name: 'data directory is a file (env)',
    args: ['cleanup', '--days', '1'],
    env: { DATA_DIR: 'a-file' },
    code: 2,
    error: /a-file.*not writable/,
  },
  // A single-valued flag given twice: never a silent fall-back to a default or to one of the two
  {
    name: 'repeated --data-dir',
    args: ['stats', '--data-dir', 'data', '--data-dir', 'elsewhere'],
    code: 2,
    error: /option --data-dir given more than once \("data", "elsewhere"\)/,
  },
  {
    name: 'repeated --fapi-url',
    args: [
      'symbols',
      'update',
      '--fapi-url',
      'http://127.0.0.1:DEAD',
      '--fapi-url',
      'https://fapi.binance.com',
    ],
    code: 2,
    error: /option --fapi-url given more than once/,
  },
  {
    name: 'repeated --https-proxy, its password masked',
    args: [
      'config',
      'show',
      '--https-proxy',
      'http://u:s3cret@10.0.0.1:3128',
      '--https-proxy',
      'http://10.0.0.2:3128',
    ],
    code: 2,
    error: /option --https-proxy given more than once \("http:\/\/u:\*\*\*@10\.0\.0\.1:3128"/,
    secret: 's3cret',
  },
  {
    name: 'repeated --log-level',
    args: ['config', 'show', '--log-level', 'info', '--log-level', 'debug'],
    code: 2,
    error: /option --log-level given more than once/,
  },
  {
    name: 'repeated --from',
    args: ['export', '--from', '2026-01-01', '--from', '2026-01-02'],
    code: 2,
    error: /option --from given more than once/,
  },
  {
    name: 'repeated --out',
    args: ['export', '--data-dir', 'data', '--out', 'a.csv', '--out', 'b.csv'],
    code: 2,
    error: /option --out given more than once/,
  },
  {
    name: 'repeated --days of the old --cleanup form',
    args: ['--cleanup', '3', '--cleanup', '4', '--data-dir', 'data'],
    code: 2,
    error: /option --cleanup given more than once/,
  },
  {
    name: 'a switch and its negation',
    args: ['config', 'show', '--resume', '--no-resume'],
    code: 2,
    error: /option --resume given more than once/,
  },
  // Base URLs: http(s) only, no credentials, no query (a path prefix stays allowed)
  {
    name: '--fapi-url with credentials',
    args: ['config', 'show', '--fapi-url', 'https://user:s3cret@fapi.example.com'],
    code: 2,
    error: /--fapi-url: expected a base URL without credentials/,
    secret: 's3cret',
  },
  {
    name: '--archive-url with a query',
    args: ['config', 'show', '--archive-url', 'https://data.example.com/?token=s3cret'],
    code: 2,
    error: /--archive-url: expected a base URL without a query/,
    secret: 's3cret',
  },
  {
    name: 'BINANCE_ARCHIVE_URL with another scheme',
    args: ['config', 'show'],
    env: { BINANCE_ARCHIVE_URL: 'file:///etc/passwd' },
    code: 2,
    error: /BINANCE_ARCHIVE_URL: expected an http:\/\/ or https:\/\/ URL/,
  },
  {
    name: 'BINANCE_FAPI_URL with a token as user',
    args: ['config', 'show'],
    env: { BINANCE_FAPI_URL: 'https://t0ken-s3cret@fapi.example.com' },
    code: 2,
    error: /BINANCE_FAPI_URL: expected a base URL without credentials/,
    secret: 's3cret',
  },
  // Network
  {
    name: 'dead proxy',
    args: [
      'symbols',
      'update',
      '--fapi-url',
      'http://fapi.example.com',
      '--http-proxy',
      'http://127.0.0.1:DEAD',
    ],
    code: 1,
    error: /proxy|127\.0\.0\.1/i,
  },
  {
    name: 'unresolvable host',
    args: ['symbols', 'update', '--fapi-url', 'http://oi-reliability.invalid'],
    code: 1,
    error: /oi-reliability\.invalid|ENOTFOUND/,
  },
  {
    name: 'nothing listening',
    args: ['symbols', 'update', '--fapi-url', 'http://127.0.0.1:DEAD'],
    code: 1,
    error: /127\.0\.0\.1:\d+|ECONNREFUSED/,
  },
];

describe('bad input: a clear error, the right exit code, nothing touched', () => {
  it('has at least 30 cases', () => {
    expect(cases().length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases().map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    const args = testCase.args.map((arg) => arg.replace('DEAD', String(deadPort)));
    const before = await hashTree(work.path);
    const run = await runOi(args, { cwd: work.path, env: testCase.env ?? {}, timeoutMs: 45_000 });
    expect(run.signal, run.stderr).toBeNull();
    expect(run.code, run.stderr).toBe(testCase.code);
    const errorLine = run.stderr.split('\n').find((line) => line.startsWith('oi: error: '));
    expect(errorLines(run), run.stderr).toHaveLength(1);
    expect(errorLine, run.stderr).toMatch(testCase.error);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    if (testCase.secret !== undefined) expect(run.stdout + run.stderr).not.toContain(testCase.secret);
    expect(await hashTree(work.path)).toBe(before);
  });

  // The export opens --out before it reads anything, so not even the derived cache changes.
  it('export into a path under a file', async () => {
    const before = await hashTree(work.path);
    const run = await runOi(['export', '--data-dir', 'data', '--series', '1m', '--out', 'a-file/out.csv'], {
      cwd: work.path,
    });
    expectOneErrorLine(run, 1, /^oi: error: cannot write .*a-file\/out\.csv: ENOTDIR$/);
    expect(await hashTree(work.path)).toBe(before);
  });

  // Like export, stats refreshes the derived coverage cache (<data>/state/coverage/); the day files,
  // corrupted or not, must stay byte for byte as they were.
  it('reads corrupted and foreign day files without changing them', async () => {
    const derivedCache = (path: string): boolean => /\/data\/state(\/|$)/.test(path);
    const before = await hashTree(work.path, derivedCache);
    const stats = await runOi(['stats', '--data-dir', 'data', '--json'], { cwd: work.path });
    expect(stats.code, stats.stderr).toBe(0);
    const result = JSON.parse(stats.stdout) as {
      entries: { symbol: string; series: string; rows: number }[];
    };
    const rowsOf = (symbol: string, series: string) =>
      result.entries.find((entry) => entry.symbol === symbol && entry.series === series)?.rows;
    expect(rowsOf('BTCUSDT', '1m')).toBe(1440);
    expect(rowsOf('ETHUSDT', '1m')).toBe(710);
    expect(rowsOf('XRPUSDT', '5m') ?? 0).toBe(0);
    expect(await hashTree(work.path, derivedCache)).toBe(before);
    // The random bytes and the other tool's file are named, not skipped unseen.
    expect(JSON.parse(stats.stdout)).toMatchObject({
      ok: true,
      quarantine: {
        unreadable: [
          join(work.path, 'data/open_interest/BTCUSDT/1m/BTCUSDT-oi-2026-01-16.csv'),
          join(work.path, 'data/open_interest/XRPUSDT/5m/XRPUSDT-oi-5m-2026-01-15.csv'),
        ],
      },
    });
  });

  // The first stats of a data directory builds the derived coverage cache; the next one, with no day
  // file changed, must leave the whole data directory as it found it, the cache's files included.
  it('stats does not rewrite the coverage cache when nothing changed', async () => {
    const first = await runOi(['stats', '--data-dir', 'data'], { cwd: work.path });
    expect(first.code, first.stderr).toBe(0);
    const cache = join(work.path, 'data/state/coverage/BTCUSDT/1m.json');
    const [before, identity] = [await hashTree(work.path), await stat(cache)];
    const second = await runOi(['stats', '--data-dir', 'data'], { cwd: work.path });
    expect(second.code, second.stderr).toBe(0);
    expect(await hashTree(work.path)).toBe(before);
    const after = await stat(cache);
    expect([after.ino, after.mtimeMs]).toEqual([identity.ino, identity.mtimeMs]);
  });
});

describe('--json prints exactly one JSON object, on failure too', () => {
  it.each([
    ['a usage error', ['stats', '--bogus'], 2, 'USAGE'],
    ['a configuration error', ['config', 'show', '--log-level', 'loud'], 2, 'CONFIG'],
    ['a repeated flag', ['stats', '--data-dir', 'a', '--data-dir', 'b'], 2, 'USAGE'],
    ['a runtime failure', ['symbols', 'update', '--fapi-url', 'http://127.0.0.1:DEAD'], 1, 'NETWORK'],
  ])('%s', async (_name, args, code, errorCode) => {
    const run = await runOi([...args.map((arg) => arg.replace('DEAD', String(deadPort))), '--json'], {
      cwd: work.path,
      timeoutMs: 45_000,
    });
    expect(run.code, run.stderr).toBe(code);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines, run.stdout).toHaveLength(1);
    const result = JSON.parse(lines[0] ?? '') as { ok: boolean; error: { code: string; message: string } };
    expect(result).toMatchObject({ ok: false, exitCode: code, error: { code: errorCode } });
    expect(errorLines(run)).toEqual([`oi: error: ${result.error.message}`]);
  });

  it('and on success, with ok: true and the result fields', async () => {
    const run = await runOi(['config', 'show', '--json'], { cwd: work.path });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, config: expect.any(Array) });
  });
});

describe('secrets', () => {
  it('config show masks the proxy and sink credentials and keeps a base URL path prefix', async () => {
    for (const format of [[], ['--json']]) {
      const run = await runOi(
        [
          'config',
          'show',
          ...format,
          '--https-proxy',
          'http://u:s3cret@10.0.0.1:3128',
          '--fapi-url',
          'https://gateway.example.com/binance',
        ],
        { cwd: work.path, env: { OI_SINK_URL: 'mysql://oi:s3cret@db.example.com:3306/oi' } },
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout + run.stderr).not.toContain('s3cret');
      expect(run.stdout).toContain('http://u:***@10.0.0.1:3128');
      expect(run.stdout).toMatch(/mysql:\/\/[^ "]*\*\*\*@db\.example\.com:3306\/oi/);
      expect(run.stdout).toContain('https://gateway.example.com/binance');
    }
  });
});

describe('a full disk', () => {
  it('fails the export with a clear error and leaves no partial file', async (context) => {
    const mountPoint = join(work.path, 'small-disk');
    await mkdir(mountPoint);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], { stdio: 'ignore' });
    } catch {
      // Not root, or no tmpfs in this sandbox: reported as skipped; the "path under a file" case above
      // still covers a failing write.
      context.skip('cannot mount a small tmpfs here (needs root)');
    }
    try {
      const before = await hashTree(join(work.path, 'data'));
      const run = await runOi(
        ['export', '--data-dir', 'data', '--series', '1m', '--out', join(mountPoint, 'all.csv')],
        {
          cwd: work.path,
        },
      );
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(/oi: error: .*(ENOSPC|no space)/i);
      expect(await readdir(mountPoint)).toEqual([]);
      expect(await hashTree(join(work.path, 'data'))).toBe(before);
    } finally {
      execFileSync('umount', [mountPoint]);
    }
  });
});
