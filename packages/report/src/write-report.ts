import { ReportWriteError } from './errors.ts';
import { pageAssets } from './html/page-assets.ts';
import { renderReportHtml, renderReportParts } from './html/render-report-html.ts';
import { collectReportModel } from './model/collect-report-model.ts';
import type { ReportOptions } from './report-options.ts';
import { writeFileInParts } from './write-file-in-parts.ts';

/** Options of {@link writeReport}: what to show, and where the file goes. */
export interface WriteReportOptions extends ReportOptions {
  /** The HTML file to write; replaced atomically if it exists. */
  readonly outputPath: string;
}

/** What {@link writeReport} wrote. */
export interface WriteReportResult {
  /** The file written. */
  readonly path: string;
  /** Its size in bytes. */
  readonly bytes: number;
  /** Symbols shown. */
  readonly symbols: number;
  /** UTC days shown (columns of the coverage map). */
  readonly days: number;
  /** Slots missing in the range that a source can still fill, over every symbol and series. */
  readonly fillableSlots: number;
  /** Slots missing in the range that nothing can fill any more. */
  readonly lostSlots: number;
}

/** The report as one self-contained HTML document (scripts, styles and font inline). Reads only. */
export async function buildReportHtml(options: ReportOptions): Promise<string> {
  const [model, assets] = await Promise.all([collectReportModel(options), pageAssets()]);
  return renderReportHtml(model, assets);
}

/**
 * Writes the report to `outputPath` as it is rendered, part by part, through a temporary file beside
 * it that is fsynced and renamed over the target (missing folders are made), so a reader never sees
 * half a report, a failed or stopped run leaves the old one in place, and the page is never held
 * whole in memory.
 */
export async function writeReport(options: WriteReportOptions): Promise<WriteReportResult> {
  const [model, assets] = await Promise.all([collectReportModel(options), pageAssets()]);
  // Stopped after the reading: nothing is written, and an existing report stays as it was.
  options.signal?.throwIfAborted();
  let bytes: number;
  try {
    bytes = await writeFileInParts(options.outputPath, renderReportParts(model, assets), options.signal);
  } catch (error) {
    // A stop while writing is the caller's stop, not a failed write.
    options.signal?.throwIfAborted();
    throw new ReportWriteError(options.outputPath, error);
  }
  return {
    path: options.outputPath,
    bytes,
    symbols: model.symbols.length,
    days: model.dayKeys.length,
    fillableSlots: model.reports.reduce((sum, report) => sum + report.summary.fillableSlots, 0),
    lostSlots: model.reports.reduce((sum, report) => sum + report.summary.lostSlots, 0),
  };
}
