import { describe, expect, it } from 'vitest';
import { PendingRanges } from './sink-pending.ts';

const MINUTE = 60_000;
const range = (startMinute: number, endMinute: number) => ({
  startMs: startMinute * MINUTE,
  endMs: endMinute * MINUTE,
});

describe('PendingRanges: what the sink still has to receive', () => {
  it('merges touching and overlapping ranges of a symbol, so an outage leaves one range to catch up', () => {
    const pending = new PendingRanges();
    for (let minute = 0; minute < 180; minute += 1) {
      pending.add('1m', 'BTCUSDT', range(minute, minute + 1), 1, minute * MINUTE);
    }
    expect(pending.take()).toEqual([
      { series: '1m', symbols: ['BTCUSDT'], range: range(0, 180), rows: 180, sinceMs: 0 },
    ]);
    expect(pending.isEmpty()).toBe(true);
  });

  it('keeps ranges apart while they do not touch, and symbols with the same range sync together', () => {
    const pending = new PendingRanges();
    pending.add('1m', 'BTCUSDT', range(10, 11), 1, 100);
    pending.add('1m', 'ETHUSDT', range(10, 11), 1, 50);
    pending.add('1m', 'BTCUSDT', range(20, 21), 1, 200);
    pending.add('5m', 'BTCUSDT', range(10, 15), 1, 300);
    expect(pending.take()).toEqual([
      { series: '1m', symbols: ['BTCUSDT', 'ETHUSDT'], range: range(10, 11), rows: 2, sinceMs: 50 },
      { series: '1m', symbols: ['BTCUSDT'], range: range(20, 21), rows: 1, sinceMs: 200 },
      { series: '5m', symbols: ['BTCUSDT'], range: range(10, 15), rows: 1, sinceMs: 300 },
    ]);
  });

  it('past 16 separate ranges, a symbol has one range from the first slot to the last', () => {
    const pending = new PendingRanges();
    for (let index = 0; index < 17; index += 1) {
      pending.add('5m', 'BTCUSDT', range(index * 10, index * 10 + 5), 2, 1000 - index);
    }
    expect(pending.take()).toEqual([
      { series: '5m', symbols: ['BTCUSDT'], range: range(0, 165), rows: 34, sinceMs: 984 },
    ]);
  });

  it('ignores empty ranges', () => {
    const pending = new PendingRanges();
    pending.add('1m', 'BTCUSDT', range(5, 5), 0, 0);
    expect(pending.isEmpty()).toBe(true);
  });

  it('puts back what a failed sync took, counting each group’s rows once', () => {
    const pending = new PendingRanges();
    pending.add('1m', 'BTCUSDT', range(1, 2), 1, 10);
    pending.add('1m', 'ETHUSDT', range(1, 2), 1, 10);
    const taken = pending.take();
    pending.restore(taken);
    expect(pending.lag('1m', 70, [])).toEqual({ rows: 2, lagMs: 60 });
    expect(pending.take()).toEqual(taken);
  });

  it('reports the lag of a series: rows pending or in flight, and the age of the oldest', () => {
    const pending = new PendingRanges();
    expect(pending.lag('1m', 1_000, [])).toEqual({ rows: 0, lagMs: 0 });
    pending.add('1m', 'BTCUSDT', range(3, 4), 1, 400);
    pending.add('5m', 'BTCUSDT', range(0, 5), 3, 100);
    const inFlight = [
      { series: '1m' as const, symbols: ['ETHUSDT'], range: range(0, 1), rows: 2, sinceMs: 250 },
    ];
    expect(pending.lag('1m', 1_000, inFlight)).toEqual({ rows: 3, lagMs: 750 });
    expect(pending.lag('5m', 1_000, inFlight)).toEqual({ rows: 3, lagMs: 900 });
    // A catch-up counts no rows, but its age still shows how long the sink may have been behind.
    pending.add('1m', 'SOLUSDT', range(0, 1440), 0, 50);
    expect(pending.lag('1m', 1_000, [])).toEqual({ rows: 1, lagMs: 950 });
  });
});
