import type { Series, TimeRange } from '@oi/storage';

/** Slots of one series and symbol that are in the day files and not yet known to be in the sink. */
interface PendingRange {
  readonly startMs: number;
  readonly endMs: number;
  /** Rows written to the files in this range (0 for a catch-up, whose rows are not counted). */
  readonly rows: number;
  /** When the oldest of them was written (or the catch-up began), on the feed's clock. */
  readonly sinceMs: number;
}

/** Symbols of one series with the same pending range: what one `syncSink` call brings up to date. */
export interface PendingGroup {
  readonly series: Series;
  readonly symbols: readonly string[];
  readonly range: TimeRange;
  readonly rows: number;
  readonly sinceMs: number;
}

/** How far the sink is behind the files for one series. */
export interface SeriesLag {
  /** Rows written to the files and not yet in the sink. */
  readonly rows: number;
  /** How long the oldest pending range has waited, ms; 0 when nothing is pending. */
  readonly lagMs: number;
}

// Past this many separate ranges a symbol's pending slots become one range from the first to the
// last: re-reading the slots between them costs less than a sync call per range.
const MAX_RANGES_PER_SYMBOL = 16;

function mergeRanges(ranges: readonly PendingRange[]): PendingRange[] {
  const sorted = [...ranges].sort((a, b) => a.startMs - b.startMs);
  const merged: PendingRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && range.startMs <= last.endMs) {
      merged[merged.length - 1] = {
        startMs: last.startMs,
        endMs: Math.max(last.endMs, range.endMs),
        rows: last.rows + range.rows,
        sinceMs: Math.min(last.sinceMs, range.sinceMs),
      };
    } else {
      merged.push(range);
    }
  }
  if (merged.length <= MAX_RANGES_PER_SYMBOL) return merged;
  return [
    {
      startMs: Math.min(...merged.map((range) => range.startMs)),
      endMs: Math.max(...merged.map((range) => range.endMs)),
      rows: merged.reduce((sum, range) => sum + range.rows, 0),
      sinceMs: Math.min(...merged.map((range) => range.sinceMs)),
    },
  ];
}

/**
 * The slots a sink still has to receive, per series and symbol, as few ranges as possible. Ranges
 * that touch or overlap merge, so an outage of any length leaves one range per symbol to catch up.
 */
export class PendingRanges {
  readonly #bySeries = new Map<Series, Map<string, PendingRange[]>>();

  /** Records slots that reached the files (or, for a catch-up, that may be missing from the sink). */
  add(series: Series, symbol: string, range: TimeRange, rows: number, sinceMs: number): void {
    if (range.endMs <= range.startMs) return;
    const symbols = this.#bySeries.get(series) ?? new Map<string, PendingRange[]>();
    this.#bySeries.set(series, symbols);
    symbols.set(symbol, mergeRanges([...(symbols.get(symbol) ?? []), { ...range, rows, sinceMs }]));
  }

  /** Whether nothing is pending. */
  isEmpty(): boolean {
    return this.#bySeries.size === 0;
  }

  /** Removes every pending range and returns them grouped: symbols of a series that share a range sync together. */
  take(): PendingGroup[] {
    const groups = new Map<string, { series: Series; symbols: string[]; range: PendingRange }>();
    for (const [series, symbols] of this.#bySeries) {
      for (const [symbol, ranges] of symbols) {
        for (const range of ranges) {
          const key = `${series}:${range.startMs}:${range.endMs}`;
          const group = groups.get(key);
          if (group === undefined) {
            groups.set(key, { series, symbols: [symbol], range });
            continue;
          }
          group.symbols.push(symbol);
          group.range = {
            ...group.range,
            rows: group.range.rows + range.rows,
            sinceMs: Math.min(group.range.sinceMs, range.sinceMs),
          };
        }
      }
    }
    this.#bySeries.clear();
    return [...groups.values()].map(({ series, symbols, range }) => ({
      series,
      symbols,
      range: { startMs: range.startMs, endMs: range.endMs },
      rows: range.rows,
      sinceMs: range.sinceMs,
    }));
  }

  /** Puts back groups that were taken and not brought up to date. */
  restore(groups: readonly PendingGroup[]): void {
    for (const group of groups) {
      // The rows of a group were counted once for all its symbols: keep them on the first.
      group.symbols.forEach((symbol, index) => {
        this.add(group.series, symbol, group.range, index === 0 ? group.rows : 0, group.sinceMs);
      });
    }
  }

  /** How far behind a series is, counting these groups in flight too. */
  lag(series: Series, nowMs: number, inFlight: readonly PendingGroup[]): SeriesLag {
    let rows = 0;
    let sinceMs = Number.POSITIVE_INFINITY;
    for (const ranges of this.#bySeries.get(series)?.values() ?? []) {
      for (const range of ranges) {
        rows += range.rows;
        sinceMs = Math.min(sinceMs, range.sinceMs);
      }
    }
    for (const group of inFlight) {
      if (group.series !== series) continue;
      rows += group.rows;
      sinceMs = Math.min(sinceMs, group.sinceMs);
    }
    return { rows, lagMs: Number.isFinite(sinceMs) ? Math.max(0, nowMs - sinceMs) : 0 };
  }
}
