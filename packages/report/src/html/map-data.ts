import type { ReportModel } from '../model/report-model.ts';
import { describeGapTally } from './describe-series.ts';
import { COVERAGE_SWATCHES, type CoverageLevel, coverageLevel } from './palette.ts';

/**
 * One map cell as the page script reads it: expected, present, fillable and lost slots, the index
 * of the day's source list in `MapData.sourceLists`, `[label index, slots]` per gap kind, and the
 * index of its coverage level in `MapData.levels`.
 */
export type MapCell = readonly [
  number,
  number,
  number,
  number,
  number,
  readonly (readonly [number, number])[],
  number,
];

/** The coverage map's data, embedded once per page. */
export interface MapData {
  readonly days: readonly string[];
  readonly rows: readonly {
    readonly symbol: string;
    readonly series: string;
    readonly cells: readonly MapCell[];
  }[];
  /** Distinct gap kinds, e.g. `lost: live minute not taken`. */
  readonly gapLabels: readonly string[];
  /** Distinct source lists, e.g. `api, archive`. */
  readonly sourceLists: readonly string[];
  /** Coverage levels (CSS class `lv-<level>`). */
  readonly levels: readonly CoverageLevel[];
}

/** Interns strings to indices. */
class StringTable {
  readonly values: string[] = [];
  private readonly indices = new Map<string, number>();

  indexOf(value: string): number {
    let index = this.indices.get(value);
    if (index === undefined) {
      index = this.values.length;
      this.values.push(value);
      this.indices.set(value, index);
    }
    return index;
  }
}

/** The coverage map's cells of every symbol and series, with repeated texts interned. */
export function buildMapData(model: ReportModel): MapData {
  const gapLabels = new StringTable();
  const sourceLists = new StringTable();
  sourceLists.indexOf('');
  const levels = Object.keys(COVERAGE_SWATCHES) as CoverageLevel[];
  return {
    days: model.dayKeys,
    rows: model.reports.map((report) => ({
      symbol: report.symbol,
      series: report.series,
      cells: report.days.map((cell): MapCell => {
        const gaps = cell.gaps.map((tally): readonly [number, number] => {
          const kind = tally.fillableBy === 'none' ? 'lost' : `fillable by ${tally.fillableBy}`;
          const label = `${kind}: ${describeGapTally(tally)}`;
          return [gapLabels.indexOf(label), tally.slots];
        });
        const sources = sourceLists.indexOf(cell.sources.join(', '));
        const level = levels.indexOf(coverageLevel(cell.presentSlots, cell.expectedSlots));
        return [
          cell.expectedSlots,
          cell.presentSlots,
          cell.fillableSlots,
          cell.lostSlots,
          sources,
          gaps,
          level,
        ];
      }),
    })),
    gapLabels: gapLabels.values,
    sourceLists: sourceLists.values,
    levels,
  };
}
