import { DAY_MS } from '@oi/storage';
import type { ReportModel } from '../model/report-model.ts';
import { escapeHtml, jsonForScript, scriptForHtml } from './escape-html.ts';
import { formatCount, formatUtcMinute } from './format.ts';
import { buildMapData } from './map-data.ts';
import type { PageAssets } from './page-assets.ts';
import { pageStyle } from './page-style.ts';
import { PAGE_THEME } from './page-theme.ts';
import { LINE_COLORS, SOURCE_SWATCHES } from './palette.ts';
import { renderChartFigures } from './render-chart-figures.ts';
import { renderSummaryTable } from './render-summary-table.ts';

// Everything the page needs is inside it; this policy makes the browser refuse any request to any
// host (a font, an image, a script, a fetch), so the file stays offline even if a library tried.
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; font-src data:; img-src data:";

function renderHeader(model: ReportModel): string {
  const days = Math.round(((model.range.endMs - model.range.startMs) / DAY_MS) * 10) / 10;
  const facts: [string, string][] = [
    ['Data directory', `<code>${escapeHtml(model.dataDir)}</code>`],
    [
      'Range (UTC)',
      `${escapeHtml(formatUtcMinute(model.range.startMs))} to ${escapeHtml(formatUtcMinute(model.range.endMs))} ` +
        `(${days} ${days === 1 ? 'day' : 'days'})`,
    ],
    ['Series', escapeHtml(model.series.join(', '))],
    ['Symbols', formatCount(model.symbols.length)],
    ['Generated', escapeHtml(model.generatedAt)],
  ];
  return `<header class="page">
<h1>${escapeHtml(model.title)}</h1>
<dl class="facts">${facts.map(([term, value]) => `<div><dt>${term}</dt><dd>${value}</dd></div>`).join('')}</dl>
<nav class="toc" aria-label="Sections"><a href="#coverage">Coverage map</a><a href="#summary">Summary</a><a href="#charts">Charts</a></nav>
</header>`;
}

const COVERAGE_LEGEND: readonly [string, string][] = [
  ['full', '100%'],
  ['nearly', '99% or more'],
  ['most', '90% or more'],
  ['half', '50% or more'],
  ['low', 'under 50%'],
  ['empty', 'nothing stored'],
  ['none', 'nothing expected'],
];

function renderCoverageSection(): string {
  const levels = COVERAGE_LEGEND.map(
    ([level, label]) => `<li><span class="key lv-${level}" aria-hidden="true"></span>${label}</li>`,
  ).join('');
  return `<section id="coverage" aria-labelledby="coverage-title">
<h2 id="coverage-title">Coverage map</h2>
<p class="hint">One row per symbol and series, one cell per UTC day, coloured by the share of expected slots that are stored.
Point at a cell, or focus the map and move with the arrow keys, to read its figures, the reasons for its gaps and the sources of its rows.</p>
<ul class="legend" aria-label="Legend">${levels}
<li><span class="key lv-nearly" aria-hidden="true">×</span>some slots are lost for good</li>
<li><span class="key lv-nearly fillable" aria-hidden="true"></span>hatched: some slots can still be filled</li></ul>
<div class="map-scroll"><table class="map" id="coverage-map" aria-labelledby="coverage-title"><thead></thead><tbody></tbody></table></div>
<noscript><p>The coverage map is drawn by the page's script; the summary table below has the same figures.</p></noscript>
<div class="tooltip" id="map-tooltip" role="tooltip" hidden></div>
</section>`;
}

function* renderChartsSection(model: ReportModel): Generator<string> {
  const lines = model.series
    .flatMap((series) => [
      `<li><span class="line-key" style="border-color:${LINE_COLORS[`openInterest${series}`]}" aria-hidden="true"></span>OI ${series} (left axis)</li>`,
      `<li><span class="line-key dashed" style="border-color:${LINE_COLORS[`openInterestValue${series}`]}" aria-hidden="true"></span>OI value ${series} (right axis, dashed)</li>`,
    ])
    .join('');
  const sources = Object.keys(SOURCE_SWATCHES)
    .map((source) => `<li><span class="key src-${source}" aria-hidden="true"></span>${source}</li>`)
    .join('');
  yield `<section id="charts" aria-labelledby="charts-title">
<h2 id="charts-title">Open interest</h2>
<p class="hint">Each line keeps the lowest and highest value of every stretch of about one pixel; the tables keep the exact figures.
A missing slot breaks the line. Drag across a chart to zoom into a period, double-click to see the whole range again.
The bands above each chart name the source of each series' rows and mark its gaps.</p>
<ul class="legend" aria-label="Chart legend">${lines}${sources}
<li><span class="key gap-lost" aria-hidden="true"></span>no rows in any series, lost for good (hatched)</li>
<li><span class="key gap-fillable" aria-hidden="true"></span>no rows in any series, can still be filled</li>
<li><span class="key band-lost" aria-hidden="true"></span>in a band: <em>lost</em></li>
<li><span class="key band-fillable" aria-hidden="true"></span>in a band: <em>fillable</em></li></ul>
`;
  yield* renderChartFigures(model);
  yield '\n</section>';
}

/**
 * The report as one self-contained HTML document (no request to any host when it is opened), in
 * parts made as they are asked for: a writer streams them out without holding the whole page.
 */
export function* renderReportParts(model: ReportModel, assets: PageAssets): Generator<string> {
  yield `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="generator" content="oi report">
<title>${escapeHtml(model.title)}</title>
<!-- ${escapeHtml(assets.notice)} -->
<style>${assets.fontStyle}</style>
<style>${assets.chartStyle}</style>
<style>${pageStyle()}</style>
</head>
<body>
<a class="skip" href="#coverage">Skip to the coverage map</a>
${renderHeader(model)}
<main>
${renderCoverageSection()}
<section id="summary" aria-labelledby="summary-title">
<h2 id="summary-title">Summary</h2>
<p class="hint">Exact figures over the range. Coverage is stored over expected slots; fillable slots can still be fetched, lost ones never can.</p>
${model.symbols.length === 0 ? '<p><strong>No symbol to show:</strong> the data directory holds no symbol folder, or none was asked for.</p>' : renderSummaryTable(model)}
</section>
`;
  yield* renderChartsSection(model);
  yield `
</main>
<script type="application/json" id="report-map">${jsonForScript(buildMapData(model))}</script>
<script type="application/json" id="report-theme">${jsonForScript(PAGE_THEME)}</script>
<script>${scriptForHtml(assets.chartScript)}</script>
<script>${scriptForHtml(assets.pageScript)}</script>
</body>
</html>
`;
}

/** The report as one string: {@link renderReportParts} joined. */
export function renderReportHtml(model: ReportModel, assets: PageAssets): string {
  return [...renderReportParts(model, assets)].join('');
}
