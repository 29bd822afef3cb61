import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashTree, runOi } from '@oi/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** One bad command line: its name, argv, extra environment, and what the single error line must say. */
export type BadInputCase = readonly [
  name: string,
  args: string[],
  env: Readonly<Record<string, string>>,
  message: RegExp,
];

/** Flags that point a case at the fixture's data directory. */
export const FIXTURE_DATA_DIR = ['--data-dir', 'data'] as const;

/**
 * Runs each case as a child process in a working directory with a data directory holding one day
 * file, a config.json, and files for the cases to name: `malformed.json`, `shape.json` (wrong shape),
 * `lower.json` (a lower-case symbol), `loud.env` (a bad log level) and `a-file` (not a directory).
 * Every case must end with exit 2, nothing on stdout and one line on stderr; the data directory must
 * be exactly as it was afterwards.
 */
export function describeBadInput(title: string, cases: readonly BadInputCase[]): void {
  describe(`bad input (${title}): one clear line, exit 2, data untouched`, () => {
    let cwd = '';
    let before = '';
    const dataDir = () => join(cwd, 'data');

    beforeAll(async () => {
      cwd = await mkdtemp(join(tmpdir(), 'oi-bad-input-'));
      const dayDir = join(dataDir(), 'open_interest', 'BTCUSDT', '5m');
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
      before = await hashTree(dataDir());
    });
    afterAll(async () => {
      await rm(cwd, { recursive: true, force: true });
    });

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
      expect(await hashTree(dataDir())).toBe(before);
    });
  });
}
