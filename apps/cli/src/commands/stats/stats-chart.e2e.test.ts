import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { neutralEnv, OI_MAIN, runOi } from '@oi/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseJson, useTemporaryDirectory, yesterdayStartMs } from '../../test-support/e2e.ts';
import { seedFiveMinuteRows } from '../../test-support/seed-five-minute-rows.ts';

// `oi stats --chart -S SYMBOL` as a child process over yesterday's 288 5m rows of BTCUSDT, through a
// pipe (80 columns) and in a terminal of 64 columns.

const directory = useTemporaryDirectory('oi-stats-chart-');
beforeAll(async () => {
  await seedFiveMinuteRows(join(directory.path, 'data'), ['BTCUSDT', 'ETHUSDT'], yesterdayStartMs(), 288);
});

const PLOT_LINE = /^ *[0-9.,]+[KMB]? ┤/;

/** The chart part of the output: the title line and everything after it. */
function chartLines(stdout: string): string[] {
  const lines = stdout.replace(/\r/g, '').trimEnd().split('\n');
  const title = lines.findIndex((line) => line.startsWith('BTCUSDT open interest'));
  expect(title).toBeGreaterThan(0);
  return lines.slice(title);
}

/** Runs `oi` in a pseudo-terminal `columns` wide (util-linux `script`); resolves with what it printed. */
function runInTerminal(
  args: readonly string[],
  columns: number,
): Promise<{ code: number | null; screen: string }> {
  const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, '--conditions=@oi/source', '--', OI_MAIN, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', `stty cols ${columns} rows 40; ${command}`, '/dev/null'], {
      cwd: directory.path,
      env: { ...neutralEnv(), TERM: 'xterm' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, screen }));
  });
}

describe('oi stats --chart', () => {
  it('draws the OI of the last 30 days under the table, 80 columns wide without a terminal', async () => {
    const run = await runOi(['stats', '--chart', '-S', 'BTCUSDT', '--data-dir', 'data'], {
      cwd: directory.path,
    });
    expect(run.code).toBe(0);
    const [table, chart] = run.stdout.split('\n\n');
    expect(table).toMatch(/^BTCUSDT\s+5m\s+1\s+288\s/m);
    expect(table).not.toMatch(/ETHUSDT/);
    const lines = chartLines(run.stdout);
    expect(chart?.split('\n')[0]).toBe('BTCUSDT open interest, 5m, last 30 days (288 rows)');
    // Title, 10 plot rows, the time axis, the dates.
    expect(lines).toHaveLength(13);
    const plot = lines.slice(1, 11);
    for (const line of plot) {
      expect(line).toMatch(PLOT_LINE);
      expect(line).toHaveLength(80);
    }
    // The rows rise from 1000.125 to 1287.125; the axis spans the values drawn, lowest at the bottom.
    const label = (line: string | undefined) => Number(/^ *([0-9.]+)K ┤/.exec(line ?? '')?.[1]) * 1000;
    expect(label(plot[9])).toBeGreaterThanOrEqual(1000);
    expect(label(plot[0])).toBeGreaterThan(label(plot[9]));
    expect(label(plot[0])).toBeLessThanOrEqual(1288);
    // A rising line ends in its top row.
    expect(plot[0]?.trimEnd()).toMatch(/[─╭]$/);
    // Only yesterday has rows: the axis marks the columns without a value, the line ends there.
    // Today's hours so far are at most one day of the 30, about 2.4 columns: up to 3 marks after it.
    const axis = lines[11] ?? '';
    expect(axis).toMatch(/^ +└[×─]+$/);
    expect(axis).toMatch(/×{20,}─+×{0,3}$/);
    expect(lines[12]).toMatch(/^ +\d{4}-\d\d-\d\d \d\d:\d\d +\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
  });

  it('puts the chart in the --json result', async () => {
    const run = await runOi(['stats', '--chart', '-S', 'BTCUSDT', '--data-dir', 'data', '--json'], {
      cwd: directory.path,
    });
    expect(run.code).toBe(0);
    const result = parseJson(run.stdout) as { total: { rows: number }; chart: Record<string, unknown> };
    expect(result.total.rows).toBe(288);
    expect(result.chart).toMatchObject({ symbol: 'BTCUSDT', series: '5m', rows: 288 });
    expect(result.chart['lines']).toHaveLength(12);
  });

  it('says so when the symbol has no rows in the range', async () => {
    const run = await runOi(['stats', '--chart', '-S', 'SOLUSDT', '--data-dir', 'data'], {
      cwd: directory.path,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/SOLUSDT open interest, 5m, last 30 days \(0 rows\)\nno values to chart\n$/);
  });

  it('takes its width from the terminal', async () => {
    const run = await runInTerminal(['stats', '--chart', '-S', 'BTCUSDT', '--data-dir', 'data'], 64);
    expect(run.code).toBe(0);
    const plot = chartLines(run.screen).slice(1, 11);
    expect(plot).toHaveLength(10);
    for (const line of plot) {
      expect(line).toMatch(PLOT_LINE);
      expect(line).toHaveLength(64);
    }
  });
});
