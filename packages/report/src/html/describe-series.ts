import type { GapTally, SeriesReport, SourceTally, ValueStats } from '../model/report-model.ts';
import { formatCount, formatDecimal, formatPercent, formatUtcMinute } from './format.ts';
import { openInterestUnit, valueUnit } from './unit-labels.ts';

/** Words for recovery's gap reasons; a reason not listed here is shown as it is. */
const GAP_REASON_LABELS: Readonly<Record<string, string>> = {
  'api-retention': 'within the API history',
  'archive-day': 'in the public archive',
  'older-source': 'in an older source',
  'live-only': 'live minute not taken',
  'beyond-api-retention': 'older than the API history',
  'not-published-yet': 'not published yet',
  'no-source': 'no source has it',
};

/** `no source has it` for `no-source`. */
export function gapReasonLabel(reason: string): string {
  return GAP_REASON_LABELS[reason] ?? reason;
}

/** Why slots are missing, in words: the reason's label, then what the sources said, if any did. */
export function describeGapTally(tally: GapTally): string {
  const label = gapReasonLabel(tally.reason);
  return tally.detail === '' ? label : `${label}: ${tally.detail}`;
}

/** `12 lost (live minute not taken), 24 fillable by api (within the API history)`. */
export function describeGapTallies(tallies: readonly GapTally[]): string {
  return tallies
    .map((tally) => {
      const what = tally.fillableBy === 'none' ? 'lost' : `fillable by ${tally.fillableBy}`;
      return `${formatCount(tally.slots)} ${what} (${describeGapTally(tally)})`;
    })
    .join(', ');
}

/** `archive 6,000 rows, api 2,640 rows`. */
export function describeSources(sources: readonly SourceTally[]): string {
  return sources.map((tally) => `${tally.source} ${formatCount(tally.rows)} rows`).join(', ');
}

function describeValues(name: string, stats: ValueStats | null): string {
  if (stats === null) return `${name}: none stored.`;
  const { min, max, last } = stats;
  return (
    `${name} lowest ${formatDecimal(min.value)} (${formatUtcMinute(min.slotMs)}), ` +
    `highest ${formatDecimal(max.value)} (${formatUtcMinute(max.slotMs)}), ` +
    `last ${formatDecimal(last.value)} (${formatUtcMinute(last.slotMs)}).`
  );
}

/**
 * The text alternative of one series' chart: coverage, lowest, highest and last values with their
 * times, gaps and sources, exact as stored.
 */
export function describeSeries(report: SeriesReport): string {
  const { summary } = report;
  const parts = [
    summary.expectedSlots === 0
      ? `${report.series} series: ${formatCount(summary.rows)} rows, no slot expected in the range.`
      : `${report.series} series: ${formatCount(summary.rows)} rows, ` +
        `${formatPercent(summary.coveragePercent)} of ${formatCount(summary.expectedSlots)} expected slots.`,
  ];
  if (summary.rows > 0) {
    const { units } = report;
    const oiName = units === null ? 'Open interest' : `Open interest (${openInterestUnit(units)})`;
    const valueName = units === null ? 'Open interest value' : `Open interest value (${valueUnit(units)})`;
    parts.push(describeValues(oiName, summary.openInterest));
    parts.push(describeValues(valueName, summary.openInterestValue));
  }
  const gapCount = summary.gaps.reduce((sum, tally) => sum + tally.gaps, 0);
  const missing = summary.fillableSlots + summary.lostSlots;
  parts.push(
    gapCount === 0
      ? 'No gaps.'
      : `${formatCount(gapCount)} ${gapCount === 1 ? 'gap' : 'gaps'}, ${formatCount(missing)} missing slots: ` +
          `${describeGapTallies(summary.gaps)}.`,
  );
  if (summary.sources.length > 0) parts.push(`Sources: ${describeSources(summary.sources)}.`);
  return parts.join(' ');
}
