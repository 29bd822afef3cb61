import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coverage, SERIES_SLOT_MS } from '@oi/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FILLABLE_HOLE,
  FIXTURE_RANGE,
  LOST_HOLE,
  writeFixtureStore,
} from '../test-support/report-fixture.ts';
import { readSymbolSeries } from './read-symbol-series.ts';
import { storedCoverage } from './stored-coverage.ts';

const HOUR = 3_600_000;
let dataDir = '';

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'oi-report-coverage-'));
  await writeFixtureStore(dataDir);
}, 120_000);

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('storedCoverage', () => {
  it("gives what storage's coverage gives, for the rows the report reads, over any part of the range", async () => {
    const options = { dataDir, seriesList: ['5m', '1m'] as const, range: FIXTURE_RANGE, chartBuckets: 600 };
    const parts = [
      FIXTURE_RANGE,
      // Off the slot grid at both ends, across both holes.
      { startMs: FILLABLE_HOLE.startMs - 7 * 60_000 - 1, endMs: LOST_HOLE.endMs + 2 * 60_000 + 30_000 },
      { startMs: FILLABLE_HOLE.startMs + HOUR, endMs: FILLABLE_HOLE.endMs + HOUR },
      { startMs: FIXTURE_RANGE.endMs - 90_000, endMs: FIXTURE_RANGE.endMs },
    ];
    let compared = 0;
    for await (const read of readSymbolSeries(options, ['BTCUSDT', 'ETHUSDT'])) {
      for (const [series, data] of read.series) {
        for (const range of parts) {
          const fromStorage = await coverage(dataDir, read.symbol, series, range);
          expect(storedCoverage(data.storedRuns, range, SERIES_SLOT_MS[series])).toEqual(fromStorage);
          compared += 1;
        }
      }
    }
    expect(compared).toBe(2 * 2 * parts.length);
  });

  it('keeps the holes: BTCUSDT 5m is stored up to the fillable hole and again after it', async () => {
    const options = { dataDir, seriesList: ['5m'] as const, range: FIXTURE_RANGE, chartBuckets: 600 };
    for await (const read of readSymbolSeries(options, ['BTCUSDT'])) {
      const runs = read.series[0]?.[1].storedRuns;
      expect(runs).toEqual([
        { startMs: FIXTURE_RANGE.startMs, endMs: FILLABLE_HOLE.startMs },
        { startMs: FILLABLE_HOLE.endMs, endMs: FIXTURE_RANGE.endMs },
      ]);
    }
  });
});
