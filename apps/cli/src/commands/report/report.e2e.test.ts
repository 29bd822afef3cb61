import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DAY_MS, dayFilePath, dayKeyOf, SERIES_COLUMNS, SERIES_SLOT_MS, type Series } from '@oi/storage';
import { hashTree, runOi } from '@oi/test-support';
import { describe, expect, it } from 'vitest';
import { dayKey, parseJson, useE2eWorld, yesterdayStartMs } from '../../test-support/e2e.ts';

// `oi report` as a child process, over a data directory holding yesterday's 5m rows of BTCUSDT and
// ETHUSDT, as a user runs it: default range, file in the working directory.

const world = useE2eWorld({ seedYesterday: true });

// The report reads the data directory and writes nothing into it, not even the coverage cache that
// `oi gaps` keeps: its gap scan is given the stored slots of the rows it reads.
const dataDirHash = (cwd: string) => hashTree(join(cwd, 'data'));

/** The `src`/`href` values of a page that point at another host. */
const externalReferences = (html: string): string[] =>
  [...html.matchAll(/\b(?:src|href)\s*=\s*["']?\s*((?:https?:)?\/\/[^"'\s>]+)/gi)].map(
    (match) => match[1] ?? '',
  );

/**
 * Writes `days` days of 1m and 5m rows per symbol ending yesterday, as day files in the store's own
 * format: enough rows that a report takes seconds, written in a moment without the store's fsyncs.
 */
async function writeManyDayFiles(dataDir: string, symbols: readonly string[], days: number): Promise<void> {
  const firstDayMs = yesterdayStartMs() - (days - 1) * DAY_MS;
  const extra = (series: Series, slotMs: number) =>
    series === '5m' ? '19876543.21000000,archive' : `101.25,${slotMs + 9}`;
  await Promise.all(
    symbols.map(async (symbol, index) => {
      for (const series of ['1m', '5m'] as const) {
        for (let day = 0; day < days; day++) {
          const dayStartMs = firstDayMs + day * DAY_MS;
          const path = dayFilePath(dataDir, symbol, series, dayKeyOf(dayStartMs));
          const lines = [SERIES_COLUMNS[series].join(',')];
          for (let slotMs = dayStartMs; slotMs < dayStartMs + DAY_MS; slotMs += SERIES_SLOT_MS[series]) {
            const oi = 1000 + index + ((slotMs / 60_000) % 97);
            lines.push(
              `${slotMs},${new Date(slotMs).toISOString()},${oi}.5,${oi * 100}.25,${extra(series, slotMs)}`,
            );
          }
          await mkdir(join(path, '..'), { recursive: true });
          await writeFile(path, `${lines.join('\n')}\n`);
        }
      }
    }),
  );
}

describe('oi report', () => {
  it('writes one self-contained page of every symbol to ./report.html and prints its figures', async () => {
    const before = await dataDirHash(world.cwd);
    const run = await world.oi(['report', '--data-dir', 'data', '--json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/info\s+report: reading every symbol of .*data, both, /);
    const path = join(world.cwd, 'report.html');
    const result = parseJson(run.stdout);
    expect(result).toMatchObject({
      path,
      bytes: (await stat(path)).size,
      symbols: 2,
      // The last 30 days up to now's minute touch 31 UTC days.
      days: 31,
      series: 'both',
      range: { startMs: expect.any(Number), endMs: expect.any(Number) },
      fillableSlots: expect.any(Number),
      lostSlots: expect.any(Number),
    });
    const range = result['range'] as { startMs: number; endMs: number };
    expect(range.endMs - range.startMs).toBe(30 * DAY_MS);
    expect(range.endMs).toBeLessThanOrEqual(Date.now());
    // 5m: 288 stored of the 30 days' slots, the rest the API can still serve; 1m: nothing stored.
    expect(result['fillableSlots']).toBeGreaterThan(0);
    expect(result['lostSlots']).toBeGreaterThan(0);

    const html = await readFile(path, 'utf8');
    expect(html.startsWith('<!doctype html>') || html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(externalReferences(html)).toEqual([]);
    expect(html).not.toMatch(/src="http|href="http/);
    expect(html).toContain("default-src 'none'");
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) expect(html).toContain(`id="chart-${symbol}"`);
    expect(html).toContain(dayKey(yesterdayStartMs()));
    expect(await dataDirHash(world.cwd)).toBe(before);
  });

  it('takes -S, --series, --from/--to, and --out relative to the working directory', async () => {
    const day = dayKey(yesterdayStartMs());
    const run = await world.oi([
      'report',
      '--data-dir',
      'data',
      '-S',
      'ETHUSDT',
      '--series',
      '5m',
      '--from',
      day,
      '--to',
      day,
      '--out',
      'reports/eth.html',
    ]);
    expect(run.code).toBe(0);
    const path = join(world.cwd, 'reports', 'eth.html');
    expect(run.stdout).toMatch(
      new RegExp(
        `^report of 1 symbols x 1 days \\(5m\\) written to ${path} \\(.+\\); missing slots: 0 fillable, 0 lost\\n$`,
      ),
    );
    const html = await readFile(path, 'utf8');
    expect(html).toContain('id="chart-ETHUSDT"');
    expect(html).not.toContain('id="chart-BTCUSDT"');
  });

  it('SIGTERM stops it and leaves no file: an earlier report stays as it was', async () => {
    const cwd = join(world.cwd, 'big');
    const symbols = Array.from({ length: 24 }, (_, index) => `S${String(index).padStart(2, '0')}USDT`);
    await writeManyDayFiles(join(cwd, 'data'), symbols, 30);
    await writeFile(join(cwd, 'report.html'), 'the earlier report');
    let signalled = false;
    const run = await runOi(['report', '--data-dir', 'data'], {
      cwd,
      onSpawn: (child) => {
        child.stderr?.on('data', (chunk: Buffer) => {
          if (!signalled && chunk.toString().includes('report: reading')) {
            signalled = true;
            child.kill('SIGTERM');
          }
        });
      },
    });
    expect(signalled).toBe(true);
    // The exit code of a process SIGTERM stopped, as every command ends on it.
    expect(run.code).toBe(143);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /oi: error: report stopped \(SIGTERM received\): nothing written to .*report\.html\n$/,
    );
    expect(await readFile(join(cwd, 'report.html'), 'utf8')).toBe('the earlier report');
    expect((await readdir(cwd)).sort()).toEqual(['data', 'report.html']);
  }, 120_000);
});
