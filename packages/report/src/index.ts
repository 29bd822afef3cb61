// Public API of @oi/report: the HTML report (`oi report`) and the terminal chart (`oi stats --chart`).
// The model, the downsampling and the page's parts stay internal on purpose: the HTML file is the
// product, and these functions are how a command makes it.
export { InvalidReportOptionsError, ReportWriteError } from './errors.ts';
export {
  DEFAULT_CHART_BUCKETS,
  DEFAULT_REPORT_TITLE,
  type ReportOptions,
  type ReportProgress,
  type ReportSeries,
} from './report-options.ts';
export { renderTerminalChart, type TerminalChartOptions } from './terminal/render-terminal-chart.ts';
export {
  buildReportHtml,
  type WriteReportOptions,
  type WriteReportResult,
  writeReport,
} from './write-report.ts';
