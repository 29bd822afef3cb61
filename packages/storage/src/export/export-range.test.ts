import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OiPoint } from '../model/oi-point.ts';
import { makeTempDataDir } from '../test-support/temp-data-dir.ts';
import { openStore } from '../write/store.ts';
import { type ExportPath, exportRange, exportRangeVia } from './export-range.ts';

const T0 = Date.UTC(2026, 10, 24);
const MIN = 60_000;
const DAY_MS = 86_400_000;

let dataDir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dataDir, remove } = await makeTempDataDir());
  const store = await openStore({ dataDir });
  try {
    const points = (offset: number): OiPoint[] =>
      Array.from({ length: 3 * 1440 }, (_, index) => ({
        slotMs: T0 + index * MIN,
        openInterest: `${index + offset}.10`,
        openInterestValue: index % 2 === 0 ? '' : `${index}.5`,
        extra: { markPrice: '9.90', exchangeTime: '' },
      }));
    await store.merge('ETHUSDT', '1m', points(0));
    await store.merge('BTCUSDT', '1m', points(1_000_000));
  } finally {
    await store.close();
  }
});
afterEach(async () => remove());

function collector(options: { highWaterMark?: number; delayMs?: number } = {}): {
  output: Writable;
  text: () => string;
  maxBuffered: () => number;
} {
  let text = '';
  let maxBuffered = 0;
  const output = new Writable({
    highWaterMark: options.highWaterMark ?? 16_384,
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString('utf8');
      setTimeout(callback, options.delayMs ?? 0);
    },
  });
  const originalWrite = output.write.bind(output);
  output.write = ((chunk: string | Buffer) => {
    const accepted = originalWrite(chunk);
    maxBuffered = Math.max(maxBuffered, output.writableLength);
    return accepted;
  }) as typeof output.write;
  return { output, text: () => text, maxBuffered: () => maxBuffered };
}

describe('exportRange', () => {
  it('writes CSV with a symbol column, symbol by symbol, only the range', async () => {
    const { output, text } = collector();
    const progress: number[] = [];
    const result = await exportRange({
      dataDir,
      symbols: ['ETHUSDT', 'BTCUSDT', 'ETHUSDT', 'XRPUSDT'],
      series: '1m',
      range: { startMs: T0 + DAY_MS - 2 * MIN, endMs: T0 + DAY_MS + MIN + 1 },
      format: 'csv',
      output,
      onProgress: (rows) => progress.push(rows),
    });
    expect(result).toEqual({ rows: 8, files: 4 });
    expect(progress).toEqual([2, 4, 6, 8]);
    expect(text()).toBe(
      'symbol,timestamp,datetime_utc,openInterest,sumOpenInterestValue,markPrice,exchangeTime\n' +
        `ETHUSDT,${T0 + DAY_MS - 2 * MIN},2026-11-24T23:58:00.000Z,1438.10,,9.90,\n` +
        `ETHUSDT,${T0 + DAY_MS - MIN},2026-11-24T23:59:00.000Z,1439.10,1439.5,9.90,\n` +
        `ETHUSDT,${T0 + DAY_MS},2026-11-25T00:00:00.000Z,1440.10,,9.90,\n` +
        `ETHUSDT,${T0 + DAY_MS + MIN},2026-11-25T00:01:00.000Z,1441.10,1441.5,9.90,\n` +
        `BTCUSDT,${T0 + DAY_MS - 2 * MIN},2026-11-24T23:58:00.000Z,1001438.10,,9.90,\n` +
        `BTCUSDT,${T0 + DAY_MS - MIN},2026-11-24T23:59:00.000Z,1001439.10,1439.5,9.90,\n` +
        `BTCUSDT,${T0 + DAY_MS},2026-11-25T00:00:00.000Z,1001440.10,,9.90,\n` +
        `BTCUSDT,${T0 + DAY_MS + MIN},2026-11-25T00:01:00.000Z,1001441.10,1441.5,9.90,\n`,
    );
  });

  it('writes JSON lines with string decimals and null for unknown values', async () => {
    const { output, text } = collector();
    await exportRange({
      dataDir,
      symbols: ['ETHUSDT'],
      series: '1m',
      range: { startMs: T0, endMs: T0 + 2 * MIN },
      format: 'jsonl',
      output,
    });
    expect(
      text()
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      {
        symbol: 'ETHUSDT',
        timestamp: T0,
        datetime_utc: '2026-11-24T00:00:00.000Z',
        openInterest: '0.10',
        sumOpenInterestValue: null,
        markPrice: '9.90',
        exchangeTime: null,
      },
      {
        symbol: 'ETHUSDT',
        timestamp: T0 + MIN,
        datetime_utc: '2026-11-24T00:01:00.000Z',
        openInterest: '1.10',
        sumOpenInterestValue: '1.5',
        markPrice: '9.90',
        exchangeTime: null,
      },
    ]);
  });

  it.each<ExportPath>(['copy-canonical', 'parse-all'])(
    'waits for drain (%s): a slow output never buffers more than one chunk past its high-water mark',
    async (path) => {
      const slow = collector({ highWaterMark: 1024, delayMs: 1 });
      const result = await exportRangeVia(
        {
          dataDir,
          symbols: ['ETHUSDT', 'BTCUSDT'],
          series: '1m',
          range: { startMs: T0, endMs: T0 + 3 * DAY_MS },
          format: 'csv',
          output: slow.output,
        },
        path,
      );
      expect(result.rows).toBe(2 * 3 * 1440);
      await new Promise<void>((resolve) => slow.output.end(resolve));
      expect(slow.text().split('\n').length - 2).toBe(result.rows);
      // The whole export is about 570 kB; without waiting for drain it would all sit in the buffer.
      expect(slow.text().length).toBeGreaterThan(500_000);
      expect(slow.maxBuffered()).toBeLessThanOrEqual(1024 + 70 * 1024);
    },
  );

  it('rejects when the output fails', async () => {
    const output = new Writable({
      highWaterMark: 16,
      write(_chunk, _encoding, callback) {
        callback(new Error('disk full'));
      },
    });
    output.on('error', () => undefined);
    await expect(
      exportRange({
        dataDir,
        symbols: ['ETHUSDT'],
        series: '1m',
        range: { startMs: T0, endMs: T0 + DAY_MS },
        format: 'csv',
        output,
      }),
    ).rejects.toThrow('disk full');
  });
});
