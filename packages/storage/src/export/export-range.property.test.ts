import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexCanonicalDayLines } from '../format/day-line-index.ts';
import { dayFilePath } from '../fs/data-dir-layout.ts';
import { DAY_MS, dayRange } from '../model/day-key.ts';
import { SERIES_SLOT_MS, type Series } from '../model/series.ts';
import {
  edgeSlotIndexes,
  fileArbitrary,
  type GeneratedFile,
  nearCanonicalFileArbitrary,
} from '../test-support/day-file-arbitrary.ts';
import { makeTempDataDir } from '../test-support/temp-data-dir.ts';
import { type ExportPath, type ExportRangeOptions, exportRangeVia } from './export-range.ts';

// The copy path must write exactly the bytes the parse path writes, whatever the files hold:
// canonical files, near misses (unsorted, duplicate, torn, cut, CRLF, BOM, legacy, mismatched
// datetimes, stray bytes) and generated files of every kind, with ranges that cut into the first
// and last day.

const DAYS = ['2026-11-23', '2026-11-24', '2026-11-25'];
const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];

function fileFor(series: Series, dayKey: string): fc.Arbitrary<GeneratedFile> {
  return fc.oneof(
    { weight: 4, arbitrary: nearCanonicalFileArbitrary(series, dayKey) },
    { weight: 1, arbitrary: fileArbitrary('clean', { series, dayKeys: [dayKey] }) },
    { weight: 1, arbitrary: fileArbitrary('one-defect', { series, dayKeys: [dayKey] }) },
    { weight: 1, arbitrary: fileArbitrary('noisy', { series, dayKeys: [dayKey] }) },
  );
}

/** A range boundary near a day's edge slots, on or just off the grid, or far outside. */
function boundaryArbitrary(series: Series): fc.Arbitrary<number> {
  const slotMs = SERIES_SLOT_MS[series];
  const slots = [...edgeSlotIndexes(series), 20, 86_400_000 / slotMs];
  const near = fc
    .record({
      day: fc.constantFrom(...DAYS),
      slot: fc.constantFrom(...slots),
      nudgeMs: fc.constantFrom(0, 0, 1, -1),
    })
    .map(({ day, slot, nudgeMs }) => dayRange(day).startMs + slot * slotMs + nudgeMs);
  const far = fc.constantFrom(0, dayRange(DAYS[0] as string).startMs - DAY_MS, Date.UTC(2030, 0, 1));
  return fc.oneof({ weight: 6, arbitrary: near }, { weight: 1, arbitrary: far });
}

interface Case {
  readonly series: Series;
  readonly format: 'csv' | 'jsonl';
  readonly files: readonly (readonly (GeneratedFile | undefined)[])[];
  readonly symbols: readonly string[];
  readonly startMs: number;
  readonly endMs: number;
}

const caseArbitrary: fc.Arbitrary<Case> = fc
  .record({
    series: fc.constantFrom<Series>('1m', '5m'),
    format: fc.constantFrom<'csv' | 'jsonl'>('csv', 'jsonl'),
  })
  .chain(({ series, format }) =>
    fc.record({
      series: fc.constant(series),
      format: fc.constant(format),
      files: fc.tuple(
        ...SYMBOLS.map(() =>
          fc.tuple(...DAYS.map((day) => fc.option(fileFor(series, day), { freq: 6, nil: undefined }))),
        ),
      ),
      symbols: fc.shuffledSubarray([...SYMBOLS, 'XRPUSDT', 'BTCUSDT'], { minLength: 1 }),
      bounds: fc.tuple(boundaryArbitrary(series), boundaryArbitrary(series)),
    }),
  )
  .map(({ bounds, ...rest }) => ({
    ...rest,
    startMs: Math.min(...bounds),
    endMs: Math.max(...bounds),
  }));

async function runExport(options: ExportRangeOptions, path: ExportPath) {
  const chunks: Buffer[] = [];
  const output = new Writable({
    highWaterMark: 4096,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  const result = await exportRangeVia({ ...options, output }, path);
  return { result, bytes: Buffer.concat(chunks) };
}

let dataDir: string;
let remove: () => Promise<void>;
beforeAll(async () => {
  ({ dataDir, remove } = await makeTempDataDir());
});
afterAll(async () => remove());

describe('exportRange copy path', () => {
  it('writes byte for byte what the parse path writes, on any files and ranges', async () => {
    const tally = { cases: 0, copied: 0, trimmed: 0, fellBack: 0, csv: 0, jsonl: 0 };
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async (testCase) => {
        const root = `${dataDir}/case`;
        await rm(root, { recursive: true, force: true });
        let copied = false;
        let trimmed = false;
        let fellBack = false;
        for (const [symbolIndex, symbol] of SYMBOLS.entries()) {
          for (const file of testCase.files[symbolIndex] ?? []) {
            if (file === undefined) continue;
            const path = dayFilePath(root, symbol, testCase.series, file.dayKey);
            await mkdir(dirname(path), { recursive: true });
            await writeFile(path, file.bytes);
            const day = dayRange(file.dayKey);
            if (day.endMs <= testCase.startMs || day.startMs >= testCase.endMs) continue;
            if (!testCase.symbols.includes(symbol)) continue;
            const index = indexCanonicalDayLines(file.bytes, testCase.series, file.dayKey);
            if (index === undefined) {
              fellBack = true;
            } else if (index.count > 0) {
              copied = true;
              const first = index.slotsMs[0] as number;
              const last = index.slotsMs[index.count - 1] as number;
              if (
                (testCase.startMs > first && testCase.startMs <= last) ||
                (testCase.endMs > first && testCase.endMs <= last)
              )
                trimmed = true;
            }
          }
        }
        const options = {
          dataDir: root,
          symbols: testCase.symbols,
          series: testCase.series,
          range: { startMs: testCase.startMs, endMs: testCase.endMs },
          format: testCase.format,
        } as ExportRangeOptions;
        const reference = await runExport(options, 'parse-all');
        const copy = await runExport(options, 'copy-canonical');
        expect(copy.result).toEqual(reference.result);
        expect(copy.bytes.toString('utf8')).toBe(reference.bytes.toString('utf8'));
        expect(copy.bytes.equals(reference.bytes)).toBe(true);
        tally.cases++;
        tally[testCase.format]++;
        if (copied) tally.copied++;
        if (trimmed) tally.trimmed++;
        if (fellBack) tally.fellBack++;
      }),
      { numRuns: 300 },
    );
    // The comparison proves something only when every route is taken often, in both formats.
    expect(tally.copied).toBeGreaterThan(tally.cases * 0.25);
    expect(tally.trimmed).toBeGreaterThan(tally.cases * 0.1);
    expect(tally.fellBack).toBeGreaterThan(tally.cases * 0.4);
    expect(tally.csv).toBeGreaterThan(tally.cases * 0.3);
    expect(tally.jsonl).toBeGreaterThan(tally.cases * 0.3);
  });
});
