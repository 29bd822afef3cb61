import { type DayRow, rowToPoint } from '../format/day-row.ts';
import { dayKeyOf } from '../model/day-key.ts';
import { sameDecimal } from '../model/decimal.ts';
import { InvalidPointError } from '../model/errors.ts';
import type { Conflict, MergeResult } from '../model/merge-result.ts';
import type { OiPoint } from '../model/oi-point.ts';
import { type Series, seriesExtraColumnsOf } from '../model/series.ts';

// The merge rules: a slot is inserted when new, left alone when its values agree (filling what the
// stored row lacks), and a conflict when they differ; a stored value is never replaced.

/** The row a point becomes: core values and its extra columns. */
export function pointToRow(point: OiPoint): DayRow {
  return {
    slotMs: point.slotMs,
    openInterest: point.openInterest,
    openInterestValue: point.openInterestValue,
    extra: { ...point.extra },
  };
}

// Same core values: openInterest equal as decimals, and the value equal or unknown on one side.
function sameCore(a: DayRow | OiPoint, b: DayRow | OiPoint): boolean {
  return (
    sameDecimal(a.openInterest, b.openInterest) &&
    (a.openInterestValue === '' ||
      b.openInterestValue === '' ||
      sameDecimal(a.openInterestValue, b.openInterestValue))
  );
}

// Fills what `stored` lacks from `incoming`; never replaces a non-empty stored value.
function fillRow(columns: readonly string[], stored: DayRow, incoming: DayRow | OiPoint): DayRow | undefined {
  let changed = false;
  let openInterestValue = stored.openInterestValue;
  if (openInterestValue === '' && incoming.openInterestValue !== '') {
    openInterestValue = incoming.openInterestValue;
    changed = true;
  }
  const extra: Record<string, string> = { ...stored.extra };
  for (const column of columns) {
    const value = incoming.extra?.[column] ?? '';
    if ((extra[column] ?? '') === '' && value !== '') {
      extra[column] = value;
      changed = true;
    }
  }
  return changed ? { ...stored, openInterestValue, extra } : undefined;
}

/** A checked batch split by UTC day, one row per slot, with how many points repeated a slot. */
export interface BatchByDay {
  readonly byDay: ReadonlyMap<string, readonly DayRow[]>;
  readonly duplicates: number;
}

/**
 * Groups a batch by day, folding repeated slots into one row (filled from each other); throws
 * InvalidPointError, before anything is written, when the batch holds one slot with different values.
 */
export function groupBatchByDay(symbol: string, series: Series, points: readonly OiPoint[]): BatchByDay {
  const unique = new Map<number, DayRow>();
  const columns = seriesExtraColumnsOf(symbol, series);
  let duplicates = 0;
  for (const point of points) {
    const earlier = unique.get(point.slotMs);
    if (earlier === undefined) {
      unique.set(point.slotMs, pointToRow(point));
      continue;
    }
    if (!sameCore(earlier, point)) {
      throw new InvalidPointError(
        symbol,
        series,
        point.slotMs,
        'the batch holds this slot twice with different values',
      );
    }
    unique.set(point.slotMs, fillRow(columns, earlier, point) ?? earlier);
    duplicates++;
  }
  const byDay = new Map<string, DayRow[]>();
  for (const row of unique.values()) {
    const dayKey = dayKeyOf(row.slotMs);
    const dayRows = byDay.get(dayKey);
    if (dayRows === undefined) byDay.set(dayKey, [row]);
    else dayRows.push(row);
  }
  return { byDay, duplicates };
}

/** A day's rows after a merge, sorted by slot, with the counts of the merge. */
export interface MergedDay extends MergeResult {
  readonly rows: readonly DayRow[];
}

/** Merges `incoming` rows (one per slot) into the `stored` rows of one day by the merge rules. */
export function mergeRowsIntoDay(
  symbol: string,
  series: Series,
  stored: readonly DayRow[],
  incoming: readonly DayRow[],
): MergedDay {
  const rows = new Map<number, DayRow>();
  const columns = seriesExtraColumnsOf(symbol, series);
  for (const row of stored) rows.set(row.slotMs, row);
  let inserted = 0;
  let unchanged = 0;
  let filled = 0;
  const conflicts: Conflict[] = [];
  for (const row of incoming) {
    const existing = rows.get(row.slotMs);
    if (existing === undefined) {
      rows.set(row.slotMs, row);
      inserted++;
    } else if (sameCore(existing, row)) {
      unchanged++;
      const filledRow = fillRow(columns, existing, row);
      if (filledRow !== undefined) {
        rows.set(row.slotMs, filledRow);
        filled++;
      }
    } else {
      conflicts.push({
        symbol,
        series,
        slotMs: row.slotMs,
        stored: rowToPoint(symbol, series, existing),
        incoming: rowToPoint(symbol, series, row),
      });
    }
  }
  const sorted = [...rows.values()].sort((a, b) => a.slotMs - b.slotMs);
  return { rows: sorted, inserted, unchanged, filled, conflicts };
}
