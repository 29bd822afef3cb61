import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchSummaryPath, dayKeyOf, StorageError } from '@oi/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BATCH_SUMMARY_HEADER,
  type BatchSummaryRow,
  createBatchSummaryLog,
  formatBatchSummaryRow,
} from './batch-summary.ts';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'oi-batch-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const summaryPath = (timeMs: number): string => batchSummaryPath(dataDir, dayKeyOf(timeMs));

const row = (timeMs: number, patch: Partial<BatchSummaryRow> = {}): BatchSummaryRow => ({
  timeMs,
  durationMs: 412.4,
  symbols: 3,
  succeeded: 2,
  failed: 1,
  failedSymbols: ['XYZUSDT'],
  weightUsed: 37,
  interrupted: false,
  ...patch,
});

describe('batch summary', () => {
  it('formats the agreed columns', () => {
    expect(BATCH_SUMMARY_HEADER).toBe(
      'time,duration_ms,symbols,succeeded,failed,failed_symbols,weight_used,interrupted',
    );
    expect(formatBatchSummaryRow(row(Date.UTC(2026, 8, 30, 12, 1)))).toBe(
      '2026-09-30T12:01:00.000Z,412,3,2,1,XYZUSDT,37,false',
    );
    expect(
      formatBatchSummaryRow(
        row(0, { failedSymbols: ['A1', 'B2'], failed: 2, weightUsed: null, interrupted: true }),
      ),
    ).toBe('1970-01-01T00:00:00.000Z,412,3,2,2,A1;B2,,true');
  });

  it('writes one header per UTC day file and one line per row, in order', async () => {
    const log = createBatchSummaryLog(dataDir);
    const late = Date.UTC(2026, 8, 30, 23, 59);
    await Promise.all([
      log.append(row(late)),
      log.append(row(late + 60_000)),
      log.append(row(late, { failed: 0 })),
    ]);
    const first = await readFile(summaryPath(late), 'utf8');
    expect(summaryPath(late)).toBe(join(dataDir, 'logs', 'batch_summary-2026-09-30.csv'));
    expect(first.split('\n')).toEqual([
      BATCH_SUMMARY_HEADER,
      formatBatchSummaryRow(row(late)),
      formatBatchSummaryRow(row(late, { failed: 0 })),
      '',
    ]);
    const second = await readFile(join(dataDir, 'logs', 'batch_summary-2026-10-01.csv'), 'utf8');
    expect(second).toBe(`${BATCH_SUMMARY_HEADER}\n${formatBatchSummaryRow(row(late + 60_000))}\n`);
  });

  it('cuts a torn last line left by a crash before appending', async () => {
    const t = Date.UTC(2026, 8, 30, 1);
    await createBatchSummaryLog(dataDir).append(row(t));
    await appendFile(summaryPath(t), '2026-09-30T01:01:00.000Z,12,3,');
    await createBatchSummaryLog(dataDir).append(row(t + 120_000));
    expect(await readFile(summaryPath(t), 'utf8')).toBe(
      `${BATCH_SUMMARY_HEADER}\n${formatBatchSummaryRow(row(t))}\n${formatBatchSummaryRow(row(t + 120_000))}\n`,
    );
  });

  it('rewrites the header when a crash left only a torn first line', async () => {
    const t = Date.UTC(2026, 8, 30, 1);
    const path = summaryPath(t);
    await createBatchSummaryLog(dataDir).append(row(t));
    await writeFile(path, 'time,dura');
    await createBatchSummaryLog(dataDir).append(row(t));
    expect(await readFile(path, 'utf8')).toBe(`${BATCH_SUMMARY_HEADER}\n${formatBatchSummaryRow(row(t))}\n`);
  });

  it('reports an append that failed and keeps appending afterwards', async () => {
    const t = Date.UTC(2026, 8, 30, 1);
    const log = createBatchSummaryLog(dataDir);
    // A directory where the day file should be: the append fails, even for root.
    await mkdir(summaryPath(t), { recursive: true });
    // The system's EISDIR, as it comes or as storage reports a refused write.
    const failure = await log
      .append(row(t))
      .catch((error: unknown) => error as { code?: string; systemCode?: string });
    expect([failure?.code, failure?.systemCode]).toContain('EISDIR');
    const nextDay = t + 86_400_000;
    await log.append(row(nextDay));
    expect(await readFile(summaryPath(nextDay), 'utf8')).toBe(
      `${BATCH_SUMMARY_HEADER}\n${formatBatchSummaryRow(row(nextDay))}\n`,
    );
  });

  it.runIf(process.platform === 'linux')(
    'rejects, never hangs, when the logs folder cannot be created',
    async () => {
      const log = createBatchSummaryLog('/proc/oi-test-no-such/data');
      await expect(log.append(row(Date.UTC(2026, 8, 30)))).rejects.toBeInstanceOf(StorageError);
    },
    10_000,
  );
});
