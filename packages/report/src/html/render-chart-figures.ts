import type { ReportModel, SeriesReport } from '../model/report-model.ts';
import { buildChartData } from './chart-data.ts';
import { describeSeries } from './describe-series.ts';
import { escapeHtml, jsonForScript } from './escape-html.ts';
import { describeUnits } from './unit-labels.ts';

/** The reports of each symbol, in the model's order. */
export function reportsBySymbol(model: ReportModel): Map<string, SeriesReport[]> {
  const bySymbol = new Map<string, SeriesReport[]>(model.symbols.map((symbol) => [symbol, []]));
  for (const report of model.reports) bySymbol.get(report.symbol)?.push(report);
  return bySymbol;
}

function renderFigure(model: ReportModel, symbol: string, reports: readonly SeriesReport[]): string {
  const id = escapeHtml(symbol);
  const captions = reports.map((report) => `<p>${escapeHtml(describeSeries(report))}</p>`).join('');
  const units = reports[0]?.units ?? null;
  const unitsNote = units === null ? '' : `\n<p class="units">${escapeHtml(describeUnits(units))}</p>`;
  return `<figure class="chart" id="chart-${id}" aria-labelledby="chart-${id}-title" aria-describedby="chart-${id}-caption">
<div class="chart-head"><h3 id="chart-${id}-title">${id}</h3>
<div class="zoom" role="group" aria-label="Zoom the ${id} chart"><button type="button" data-zoom="all" aria-pressed="true">Whole range</button><button type="button" data-zoom="7" aria-pressed="false">Last 7 days</button><button type="button" data-zoom="1" aria-pressed="false">Last day</button></div></div>${unitsNote}
<div class="plot" role="img" aria-label="Open interest chart of ${id}, described below" data-symbol="${id}"><p class="plot-wait">The chart is drawn when it scrolls into view.</p></div>
<figcaption id="chart-${id}-caption">${captions}</figcaption>
<script type="application/json" class="chart-data">${jsonForScript(buildChartData(model, reports))}</script>
</figure>`;
}

/**
 * One figure per symbol: zoom buttons, a placeholder the page script draws into, the text alternative
 * and the data; made one at a time as the page is written, so no more than one symbol's is held.
 */
export function* renderChartFigures(model: ReportModel): Generator<string> {
  let first = true;
  for (const [symbol, reports] of reportsBySymbol(model)) {
    yield `${first ? '' : '\n'}${renderFigure(model, symbol, reports)}`;
    first = false;
  }
}
