import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dayFilePath } from '../fs/data-dir-layout.ts';
import type { Series } from '../model/series.ts';
import { makeTempDataDir } from '../test-support/temp-data-dir.ts';
import { openStore } from '../write/store.ts';
import { exportRange } from './export-range.ts';
import { type ReadDayLinesOptions, readDayLines } from './read-day-lines.ts';

const T0 = Date.UTC(2026, 10, 20);
const DAY_MS = 86_400_000;
const FIVE = 300_000;

let dataDir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dataDir, remove } = await makeTempDataDir());
  const store = await openStore({ dataDir });
  try {
    for (const [symbol, base] of [
      ['ETHUSDT', 10],
      ['BTCUSDT', 20],
    ] as const) {
      const points = Array.from({ length: 3 * 288 }, (_, index) => ({
        slotMs: T0 + index * FIVE,
        openInterest: `${base + index}.25`,
        openInterestValue: index % 3 === 0 ? '' : `${index}.5`,
        extra: { CMCCirculatingSupply: '', source: index % 2 === 0 ? 'api' : 'archive' },
      }));
      await store.merge(symbol, '5m', points);
    }
  } finally {
    await store.close();
  }
  // A file of the replaced tool (four columns, CRLF, unsorted, a duplicate): rendered, not copied.
  const legacy = dayFilePath(dataDir, 'XRPUSDT', '5m', '2026-11-21');
  await mkdir(dirname(legacy), { recursive: true });
  const slot = (index: number): number => T0 + DAY_MS + index * FIVE;
  await writeFile(
    legacy,
    'timestamp,datetime_utc,openInterest,sumOpenInterestValue\r\n' +
      `${slot(2)},2026-11-21 00:10:00,3.5,7\r\n${slot(0)},2026-11-21 00:00:00,1.5,\r\n` +
      `${slot(2)},2026-11-21 00:10:00,3.5,7\r\n`,
  );
});
afterEach(async () => remove());

/** What readDayLines yields, as CSV export lines (`SYMBOL,` + each line), and the slots it names. */
async function linesOf(
  options: ReadDayLinesOptions,
): Promise<{ csv: string; days: string[]; slotsOk: boolean }> {
  let csv = '';
  const days: string[] = [];
  let slotsOk = true;
  for await (const day of readDayLines(options)) {
    days.push(`${day.symbol} ${day.dayKey}`);
    const text = Buffer.from(day.bytes).toString('utf8');
    for (let row = 0; row < day.rows; row++) {
      const line = text.slice(day.lineStarts[row], day.lineStarts[row + 1]);
      slotsOk &&= line.startsWith(`${day.slotsMs[row]},`);
      csv += `${day.symbol},${line}`;
    }
  }
  return { csv, days, slotsOk };
}

async function csvExport(symbols: string[], series: Series, startMs: number, endMs: number): Promise<string> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  await exportRange({ dataDir, symbols, series, range: { startMs, endMs }, format: 'csv', output });
  const text = Buffer.concat(chunks).toString('utf8');
  return text.slice(text.indexOf('\n') + 1);
}

describe('readDayLines', () => {
  it('yields exactly the CSV export lines, canonical and rendered files alike', async () => {
    const symbols = ['XRPUSDT', 'ETHUSDT', 'BTCUSDT'];
    const range = { startMs: T0 + 100 * FIVE, endMs: T0 + 2 * DAY_MS + 7 * FIVE };
    const { csv, days, slotsOk } = await linesOf({ dataDir, symbols, series: '5m', range });
    expect(csv).toBe(await csvExport(symbols, '5m', range.startMs, range.endMs));
    expect(slotsOk).toBe(true);
    expect(days).toEqual([
      'XRPUSDT 2026-11-21',
      'ETHUSDT 2026-11-20',
      'ETHUSDT 2026-11-21',
      'ETHUSDT 2026-11-22',
      'BTCUSDT 2026-11-20',
      'BTCUSDT 2026-11-21',
      'BTCUSDT 2026-11-22',
    ]);
    expect(csv).toContain(`XRPUSDT,${T0 + DAY_MS},2026-11-21T00:00:00.000Z,1.5,,,\n`);
  });

  it('reads every stored day without a range, and day by day when asked', async () => {
    const symbols = ['BTCUSDT', 'XRPUSDT'];
    const all = await linesOf({ dataDir, symbols, series: '5m' });
    expect(all.csv).toBe(await csvExport(symbols, '5m', 0, T0 + 10 * DAY_MS));
    const byDay = await linesOf({ dataDir, symbols, series: '5m', order: 'day' });
    expect(byDay.days).toEqual([
      'BTCUSDT 2026-11-20',
      'BTCUSDT 2026-11-21',
      'XRPUSDT 2026-11-21',
      'BTCUSDT 2026-11-22',
    ]);
    expect(byDay.csv.split('\n').sort()).toEqual(all.csv.split('\n').sort());
  });

  it('skips days without rows in the range and yields nothing for an empty range', async () => {
    const range = { startMs: T0 + DAY_MS + 5 * FIVE, endMs: T0 + DAY_MS + 5 * FIVE };
    expect((await linesOf({ dataDir, symbols: ['BTCUSDT'], series: '5m', range })).days).toEqual([]);
    const late = { startMs: T0 + DAY_MS + 2 * FIVE + 1, endMs: T0 + 2 * DAY_MS };
    expect((await linesOf({ dataDir, symbols: ['XRPUSDT'], series: '5m', range: late })).days).toEqual([]);
  });
});
