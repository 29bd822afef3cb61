import { type ArchiveDefect, createVirtualClock, type Simulator, startSimulator } from '@oi/binance-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalDecimal } from '../day/canonical-decimal.ts';
import type { DayOutcome } from '../file/day-outcome.ts';
import { type ArchiveDayResult, createArchiveClient } from './archive-client.ts';
import type { DayRequest } from './day-request.ts';

// End to end against the project's simulator, which serves the archive on the API's port: the
// client's points must be the API's rows, slot for slot, once both are in canonical form.
const START_MS = Date.UTC(2026, 6, 10, 12, 0, 0);
const at = (day: string, hhmm: string): number => Date.parse(`${day}T${hhmm}:00Z`);

const DEFECTS: ArchiveDefect[] = [
  { kind: 'missing', symbol: 'ETHUSDT', day: '2026-06-10' },
  { kind: 'checksumMismatch', symbol: 'ETHUSDT', day: '2026-06-11' },
  { kind: 'partial', symbol: 'ETHUSDT', day: '2026-06-12', lastTime: '13:30' },
  { kind: 'zeroOpenInterest', symbol: 'ETHUSDT', day: '2026-06-13', times: ['12:00'] },
  { kind: 'blankValues', symbol: 'ETHUSDT', day: '2026-06-14', times: ['12:00'] },
  { kind: 'conflictingDuplicates', symbol: 'ETHUSDT', day: '2026-06-15', times: ['12:00'] },
  { kind: 'duplicateRows', symbol: 'ETHUSDT', day: '2026-06-16', times: ['12:00'] },
  { kind: 'undecidableLabels', symbol: 'ETHUSDT', day: '2026-06-17', variant: 'shifted' },
  { kind: 'undecidableLabels', symbol: 'ETHUSDT', day: '2026-06-18', variant: 'mixed' },
  { kind: 'zeroOpenInterest', symbol: 'ETHUSDT', day: '2026-06-26', times: ['12:00'] },
];

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({
    clock: createVirtualClock({ startMs: START_MS, auto: false }),
    seed: 5,
    archiveDefects: DEFECTS,
  });
});
afterAll(() => sim.close());

async function fetchAll(requests: DayRequest[]): Promise<Map<string, DayOutcome>> {
  const outcomes = new Map<string, DayOutcome>();
  const results: ArchiveDayResult[] = [];
  for await (const result of createArchiveClient({ baseUrl: sim.url }).fetchDays(requests))
    results.push(result);
  for (const { request, outcome } of results) outcomes.set(`${request.symbol} ${request.day}`, outcome);
  return outcomes;
}

describe('the archive client against the simulator', () => {
  it('gives every slot of 2026-06-22 .. 2026-06-28 the API value, across the label change', async () => {
    const days = [
      '2026-06-22',
      '2026-06-23',
      '2026-06-24',
      '2026-06-25',
      '2026-06-26',
      '2026-06-27',
      '2026-06-28',
    ];
    const outcomes = await fetchAll(days.map((day) => ({ market: 'um', symbol: 'BTCUSDT', day })));
    let comparedWithApiRows = 0;
    for (const day of days) {
      const outcome = outcomes.get(`BTCUSDT ${day}`);
      if (outcome?.kind !== 'day')
        throw new Error(`expected a day for ${day}, got ${JSON.stringify(outcome)}`);
      expect(outcome.convention).toBe(day < '2026-06-25' ? 'end-of-period' : 'start-of-period');
      expect(outcome.conventionEvidence).toBe('labels');
      expect(outcome.defects).toEqual([]);
      expect(outcome.points.map((point) => point.slotMs)).toEqual(
        Array.from({ length: 288 }, (_, index) => at(day, '00:00') + (index + 1) * 300_000),
      );
      for (const point of outcome.points) {
        const truth = sim.truth.historyValuesAt('BTCUSDT', point.slotMs);
        expect(canonicalDecimal(point.openInterest)).toBe(canonicalDecimal(truth.sumOpenInterest));
        expect(canonicalDecimal(point.openInterestValue)).toBe(canonicalDecimal(truth.sumOpenInterestValue));
        const apiRow = sim.truth.historyRow('BTCUSDT', '5m', point.slotMs);
        if (apiRow === undefined) continue;
        expect(apiRow.timestamp).toBe(point.slotMs);
        expect(canonicalDecimal(point.openInterest)).toBe(canonicalDecimal(apiRow.sumOpenInterest));
        comparedWithApiRows++;
      }
    }
    expect(comparedWithApiRows).toBe(7 * 288);
  });

  it('reports each defect kind as a value, with its slots', async () => {
    const days = DEFECTS.map((defect) => defect.day);
    const outcomes = await fetchAll(days.map((day) => ({ market: 'um', symbol: 'ETHUSDT', day })));
    const get = (day: string): DayOutcome => outcomes.get(`ETHUSDT ${day}`)!;
    const defectsOf = (day: string) => {
      const outcome = get(day);
      if (outcome.kind !== 'day')
        throw new Error(`expected a day for ${day}, got ${JSON.stringify(outcome)}`);
      return outcome.defects;
    };
    expect(get('2026-06-10')).toEqual({ kind: 'missing' });
    expect(get('2026-06-11')).toMatchObject({ kind: 'rejected', reason: 'checksum-mismatch' });
    const partial = get('2026-06-12');
    expect(partial).toMatchObject({
      kind: 'day',
      convention: 'end-of-period',
      conventionEvidence: 'date-hint',
    });
    expect(partial.kind === 'day' && partial.points.at(-1)!.slotMs).toBe(at('2026-06-12', '13:30'));
    expect(defectsOf('2026-06-12')).toHaveLength(288 - 162);
    expect(defectsOf('2026-06-12').every((defect) => defect.reason === 'missing-row')).toBe(true);
    expect(defectsOf('2026-06-13')).toEqual([{ slotMs: at('2026-06-13', '12:00'), reason: 'zero-value' }]);
    expect(defectsOf('2026-06-14')).toEqual([{ slotMs: at('2026-06-14', '12:00'), reason: 'blank-value' }]);
    expect(defectsOf('2026-06-15')).toEqual([
      { slotMs: at('2026-06-15', '12:00'), reason: 'conflicting-duplicate' },
    ]);
    expect(defectsOf('2026-06-16')).toEqual([]);
    expect(get('2026-06-16')).toMatchObject({ rowCount: 289 });
    expect(get('2026-06-17')).toMatchObject({ kind: 'rejected', reason: 'undecidable-labels' });
    expect(get('2026-06-18')).toMatchObject({ kind: 'rejected', reason: 'undecidable-labels' });
    // Under start-of-period labels the row labelled 12:00 is the snapshot at 12:05.
    expect(defectsOf('2026-06-26')).toEqual([{ slotMs: at('2026-06-26', '12:05'), reason: 'zero-value' }]);
  });

  it('reads COIN-M files, always labelled start-of-period', async () => {
    const outcomes = await fetchAll([{ market: 'cm', symbol: 'BTCUSD_PERP', day: '2026-06-20' }]);
    const outcome = outcomes.get('BTCUSD_PERP 2026-06-20');
    expect(outcome).toMatchObject({
      kind: 'day',
      convention: 'start-of-period',
      conventionEvidence: 'labels',
    });
    expect(outcome?.kind === 'day' && outcome.points).toHaveLength(288);
  });

  it('answers a day the archive has not published yet with missing', async () => {
    const outcomes = await fetchAll([{ market: 'um', symbol: 'BTCUSDT', day: '2026-07-10' }]);
    expect(outcomes.get('BTCUSDT 2026-07-10')).toEqual({ kind: 'missing' });
  });
});
