import { DAY_MS, formatCreateTime, SLOT_MS } from './archive-calendar.ts';
import { ARCHIVE_DEFECT_KINDS, type ResolvedDefect } from './archive-defects.ts';
import type { ArchiveValueSource } from './archive-values.ts';
import { type ArchiveRow, buildRow } from './metrics-rows.ts';

/** Half a slot: labels this far off the grid fit neither convention. */
const HALF_SLOT_MS = SLOT_MS / 2;
const NOON_MS = DAY_MS / 2;

const kindOrder = (defect: ResolvedDefect): number => ARCHIVE_DEFECT_KINDS.indexOf(defect.kind);

function relabel(row: ArchiveRow, labelMs: number, defect: string): ArchiveRow {
  return { ...row, labelMs, createTime: formatCreateTime(labelMs), defect };
}

/**
 * Applies a file's active defects to its clean rows, in the order of {@link ARCHIVE_DEFECT_KINDS}:
 * values first, then added rows, then labels, then the cut of a partial day. File-level defects
 * (`missing`, `checksumMismatch`) leave the rows alone.
 */
export function applyRowDefects(
  cleanRows: readonly ArchiveRow[],
  defects: readonly ResolvedDefect[],
  source: ArchiveValueSource,
  dayStartMs: number,
): ArchiveRow[] {
  let rows = cleanRows.slice();
  const zero = source.market === 'cm' ? '0.00000000' : '0';
  for (const defect of defects.slice().sort((a, b) => kindOrder(a) - kindOrder(b))) {
    const { kind, offsetsMs } = defect;
    const hits = (row: ArchiveRow): boolean =>
      offsetsMs === undefined ||
      offsetsMs.includes((((row.labelMs - dayStartMs) % DAY_MS) + DAY_MS) % DAY_MS);
    const altered = (row: ArchiveRow): ArchiveRow => ({
      ...buildRow(source, row.labelMs, row.snapshotMs, true),
      defect: kind,
    });
    switch (kind) {
      case 'apiMismatch':
      case 'reupload':
        rows = rows.map((row) => (hits(row) ? altered(row) : row));
        break;
      case 'zeroOpenInterest':
        rows = rows.map((row) =>
          hits(row) ? { ...row, sumOpenInterest: zero, sumOpenInterestValue: zero, defect: kind } : row,
        );
        break;
      case 'blankValues':
        rows = rows.map((row) =>
          hits(row) ? { ...row, sumOpenInterest: '', sumOpenInterestValue: '', defect: kind } : row,
        );
        break;
      case 'conflictingDuplicates':
        rows = rows.flatMap((row) => (hits(row) ? [row, altered(row)] : [row]));
        break;
      case 'duplicateRows':
        rows = rows.flatMap((row) => (hits(row) ? [row, { ...row, defect: kind }] : [row]));
        break;
      case 'undecidableLabels':
        rows = rows.map((row) => {
          if (defect.variant === 'shifted') return relabel(row, row.snapshotMs - HALF_SLOT_MS, kind);
          const startOfPeriod = row.snapshotMs <= dayStartMs + NOON_MS;
          return relabel(row, startOfPeriod ? row.snapshotMs - SLOT_MS : row.snapshotMs, kind);
        });
        break;
      case 'partial':
        rows = rows.filter((row) => row.labelMs <= dayStartMs + defect.lastOffsetMs);
        break;
      case 'missing':
      case 'checksumMismatch':
        break;
    }
  }
  return rows;
}
