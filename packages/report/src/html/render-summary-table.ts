import type { ReportModel, SeriesReport } from '../model/report-model.ts';
import { describeGapTallies, describeSources } from './describe-series.ts';
import { escapeHtml } from './escape-html.ts';
import { formatCount, formatPercent, formatUtcMinute } from './format.ts';

function slotCell(ms: number | null): string {
  return ms === null ? '<td>none</td>' : `<td class="num">${escapeHtml(formatUtcMinute(ms))}</td>`;
}

function summaryRow(report: SeriesReport): string {
  const { summary } = report;
  const symbol = escapeHtml(report.symbol);
  return (
    `<tr><th scope="row"><a href="#chart-${symbol}">${symbol}</a></th>` +
    `<td>${escapeHtml(report.series)}</td>` +
    `<td class="num">${formatCount(summary.rows)}</td>` +
    `<td class="num">${formatCount(summary.expectedSlots)}</td>` +
    `<td class="num">${escapeHtml(formatPercent(summary.coveragePercent))}</td>` +
    `<td class="num">${formatCount(summary.fillableSlots)}</td>` +
    `<td class="num">${formatCount(summary.lostSlots)}</td>` +
    `<td>${summary.gaps.length === 0 ? 'none' : escapeHtml(describeGapTallies(summary.gaps))}</td>` +
    slotCell(summary.firstSlotMs) +
    slotCell(summary.lastSlotMs) +
    `<td>${summary.sources.length === 0 ? 'none' : escapeHtml(describeSources(summary.sources))}</td></tr>`
  );
}

/** The summary table: the exact figures of every symbol and series over the range. */
export function renderSummaryTable(model: ReportModel): string {
  const rows = model.reports.map(summaryRow).join('\n');
  return `<div class="summary-scroll" tabindex="0" role="region" aria-labelledby="summary-title">
<table class="summary">
<caption class="sr-only">Rows, coverage, gaps, first and last slot (UTC) and sources per symbol and series</caption>
<thead><tr><th scope="col">Symbol</th><th scope="col">Series</th><th scope="col">Rows</th><th scope="col">Expected slots</th><th scope="col">Coverage</th><th scope="col">Fillable slots</th><th scope="col">Lost slots</th><th scope="col">Missing slots by reason</th><th scope="col">First slot</th><th scope="col">Last slot</th><th scope="col">Sources</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</div>`;
}
