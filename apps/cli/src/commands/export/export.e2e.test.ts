import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJson, useE2eWorld, yesterdayFlags } from '../../test-support/e2e.ts';

// `oi export` as a child process, over a data directory holding yesterday's 5m rows of two symbols.

const world = useE2eWorld({ seedYesterday: true });

describe('oi export', () => {
  it('writes CSV to a file and JSON lines to stdout', async () => {
    const run = await world.oi([
      'export',
      '-S',
      'ETHUSDT',
      ...yesterdayFlags(),
      '--out',
      'eth.csv',
      '--data-dir',
      'data',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(parseJson(run.stdout)).toMatchObject({ rows: 288, format: 'csv', series: '5m' });
    const csv = (await readFile(join(world.cwd, 'eth.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe(
      'symbol,timestamp,datetime_utc,openInterest,sumOpenInterestValue,CMCCirculatingSupply,source',
    );
    expect(csv).toHaveLength(289);
    const lines = await world.oi(['export', '--format', 'jsonl', ...yesterdayFlags(), '--data-dir', 'data']);
    expect(lines.code).toBe(0);
    const rows = lines.stdout
      .trim()
      .split('\n')
      .map((line) => parseJson(line));
    expect(rows).toHaveLength(576);
    expect(rows[0]).toMatchObject({
      symbol: 'BTCUSDT',
      timestamp: expect.any(Number),
      openInterest: expect.any(String),
    });
  });

  it('to an unusable --out path is one error line (exit 1) and leaves no partial file', async () => {
    await writeFile(join(world.cwd, 'a-file'), 'not a directory');
    const run = await world.oi(['export', '--data-dir', 'data', '--out', 'a-file/out.csv']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(/^oi: error: cannot write .*a-file\/out\.csv: ENOTDIR$/);
  });
});
