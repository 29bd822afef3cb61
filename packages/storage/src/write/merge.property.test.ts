import { seededRandom } from '@oi/test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OiPoint } from '../model/oi-point.ts';
import { SERIES_SLOT_MS, type Series } from '../model/series.ts';
import { readDayFileTree } from '../test-support/read-tree.ts';
import { makeTempDataDir } from '../test-support/temp-data-dir.ts';
import { openStore } from './store.ts';

// Slots straddle a midnight so batches span two day files.
const START_MS = Date.UTC(2026, 10, 24, 22, 0);

const decimal = fc
  .tuple(fc.nat({ max: 10_000_000 }), fc.nat({ max: 999 }), fc.constantFrom('', '0', '00'))
  .map(([whole, fraction, padding]) => `${whole}.${fraction}${padding}`);

function pointArbitrary(series: Series): fc.Arbitrary<OiPoint[]> {
  const slotMs = SERIES_SLOT_MS[series];
  const slotCount = series === '1m' ? 240 : 48;
  const extraArbitrary =
    series === '1m'
      ? fc.record({
          markPrice: fc.oneof(decimal, fc.constant('')),
          exchangeTime: fc.constantFrom('', '1764000000017'),
        })
      : fc.record({
          CMCCirculatingSupply: fc.oneof(decimal, fc.constant('')),
          source: fc.constantFrom('api', 'archive', ''),
        });
  return fc.uniqueArray(
    fc.record({
      slotMs: fc.nat({ max: slotCount - 1 }).map((index) => START_MS + index * slotMs),
      openInterest: decimal,
      openInterestValue: fc.oneof(decimal, fc.constant('')),
      extra: extraArbitrary,
    }),
    { selector: (point) => point.slotMs, minLength: 1, maxLength: slotCount },
  );
}

// The same facts, delivered differently: shuffled, repeated (some repeats missing the optional
// values, which must not matter) and cut into batches at random places.
function deliveries(points: readonly OiPoint[], seed: number): OiPoint[][] {
  const random = seededRandom(seed);
  const stream: OiPoint[] = [];
  for (const point of points) {
    stream.push(point);
    if (random() < 0.3)
      stream.push({ slotMs: point.slotMs, openInterest: point.openInterest, openInterestValue: '' });
  }
  for (let index = stream.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [stream[index], stream[other]] = [stream[other] as OiPoint, stream[index] as OiPoint];
  }
  const batches: OiPoint[][] = [];
  let current: OiPoint[] = [];
  for (const point of stream) {
    // A slot is delivered twice in one batch only when both copies agree, which they do here.
    current.push(point);
    if (random() < 0.2) {
      batches.push(current);
      current = [];
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

async function mergeAll(series: Series, batches: readonly OiPoint[][]): Promise<Record<string, string>> {
  const { dataDir, remove } = await makeTempDataDir();
  try {
    const store = await openStore({ dataDir });
    try {
      for (const batch of batches) {
        const result = await store.merge('BTCUSDT', series, batch);
        expect(result.conflicts).toEqual([]);
        expect(result.inserted + result.unchanged).toBe(batch.length);
      }
      const once = await readDayFileTree(dataDir);
      // Idempotent: delivering everything again changes nothing.
      for (const batch of batches) expect((await store.merge('BTCUSDT', series, batch)).inserted).toBe(0);
      expect(await readDayFileTree(dataDir)).toEqual(once);
      return once;
    } finally {
      await store.close();
    }
  } finally {
    await remove();
  }
}

describe.each<Series>(['1m', '5m'])('merge of %s batches', (series) => {
  it('gives the same bytes whatever the order, repetition and batch boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(pointArbitrary(series), fc.integer(), fc.integer(), async (points, seedA, seedB) => {
        const reference = await mergeAll(series, [points]);
        expect(await mergeAll(series, deliveries(points, seedA))).toEqual(reference);
        expect(await mergeAll(series, deliveries(points, seedB))).toEqual(reference);
        const rowCount = Object.values(reference).reduce((sum, text) => sum + text.split('\n').length - 2, 0);
        expect(rowCount).toBe(points.length);
      }),
      { numRuns: 40, seed: 1124 },
    );
  });
});
