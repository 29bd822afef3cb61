import { writeFileDurably } from '@oi/storage';
import { ReportWriteError } from './errors.ts';
import { pageAssets } from './html/page-assets.ts';
import { renderReportHtml } from './html/render-report-html.ts';
import { collectReportModel } from './model/collect-report-model.ts';
import type { ReportModel } from './model/report-model.ts';
import type { ReportOptions } from './report-options.ts';

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

async function renderReport(options: ReportOptions): Promise<{ html: string; model: ReportModel }> {
  const [model, assets] = await Promise.all([collectReportModel(options), pageAssets()]);
  return { html: renderReportHtml(model, assets), model };
}

/** The report as one self-contained HTML document (scripts, styles and font inline). Reads only. */
export async function buildReportHtml(options: ReportOptions): Promise<string> {
  return (await renderReport(options)).html;
}

/**
 * Writes the report to `outputPath` through storage's durable write (a temporary file beside it,
 * fsynced, renamed over the target; missing folders are made), so a reader never sees half a report
 * and a failed run leaves the old one in place.
 */
export async function writeReport(options: WriteReportOptions): Promise<WriteReportResult> {
  const { html, model } = await renderReport(options);
  const bytes = Buffer.from(html, 'utf8');
  // Stopped after the reading: nothing is written, and an existing report stays as it was.
  options.signal?.throwIfAborted();
  try {
    await writeFileDurably(options.outputPath, bytes);
  } catch (error) {
    throw new ReportWriteError(options.outputPath, error);
  }
  return {
    path: options.outputPath,
    bytes: bytes.length,
    symbols: model.symbols.length,
    days: model.dayKeys.length,
    fillableSlots: model.reports.reduce((sum, report) => sum + report.summary.fillableSlots, 0),
    lostSlots: model.reports.reduce((sum, report) => sum + report.summary.lostSlots, 0),
  };
}
