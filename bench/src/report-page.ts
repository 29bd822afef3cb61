import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { type BenchRow, megabytes, round } from './bench-row.ts';
import { type ChildUsage, measureChild } from './measure-child.ts';
import { OI_CLI } from './oi-cli.ts';

// Debian's browser, as the report's own browser tests use it; nothing is ever downloaded.
const CHROMIUM_PATH = '/usr/bin/chromium';

/** Figures of `oi report` run twice over the fixture and of opening its page. */
export interface ReportBenchResult {
  readonly symbols: number;
  readonly days: number;
  /** The first run: the fixture was just written and no coverage cache exists (the report needs none). */
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssBytes: number;
  /** The second run, the same work again: the report reads every day file once and keeps no cache. */
  readonly warmWallMs: number;
  readonly warmCpuMs: number;
  readonly fileBytes: number;
  /** The page's load event after navigation start, in a browser just started (cold). */
  readonly loadColdMs: number;
  /** The same, opened again in a new tab of that browser (warm). */
  readonly loadWarmMs: number;
}

/** Options of {@link benchReport}. */
export interface ReportBenchOptions {
  readonly dataDir: string;
  /** Working directory of the child and where the page goes. */
  readonly workDir: string;
  /** First and last UTC day, `YYYY-MM-DD`, both included. */
  readonly fromDay: string;
  readonly toDay: string;
}

/** Opens `url` in a new tab and returns the time from navigation start to the end of the load event. */
async function loadEventMs(browser: Browser, url: string): Promise<number> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    // An expression rather than a function: the bench is compiled without the DOM's types.
    const ms = await page.evaluate("performance.getEntriesByType('navigation')[0]?.loadEventEnd");
    return typeof ms === 'number' ? ms : Number.NaN;
  } finally {
    await page.close();
  }
}

/** Runs `oi report --series 5m --json` over the fixture as a measured child process. */
async function runReport(options: ReportBenchOptions, outPath: string): Promise<ChildUsage> {
  const flags = {
    '--data-dir': options.dataDir,
    '--series': '5m',
    '--from': options.fromDay,
    '--to': options.toDay,
    '--out': outPath,
    '--log-level': 'error',
  };
  const usage = await measureChild({
    script: OI_CLI,
    args: ['report', ...Object.entries(flags).flat(), '--json'],
    cwd: options.workDir,
  });
  if (usage.exitCode !== 0) throw new Error(`oi report failed (${usage.exitCode}): ${usage.stderr.trim()}`);
  return usage;
}

const cpuOf = (usage: ChildUsage): number => round(usage.userCpuMs + usage.systemCpuMs);

/**
 * `oi report --series 5m` as a child process over the fixture (every symbol, the given days), twice:
 * wall time from start-up to exit, CPU and peak RSS; then the page opened from disk in headless Chromium.
 */
export async function benchReport(options: ReportBenchOptions): Promise<ReportBenchResult> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`the report benchmark opens the page in ${CHROMIUM_PATH}: apt-get install -y chromium`);
  }
  const outPath = join(options.workDir, 'report.html');
  const first = await runReport(options, outPath);
  const second = await runReport(options, outPath);
  const result = JSON.parse(second.stdout) as { bytes: number; symbols: number; days: number };
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const url = pathToFileURL(outPath).href;
    const loadColdMs = await loadEventMs(browser, url);
    const loadWarmMs = await loadEventMs(browser, url);
    return {
      symbols: result.symbols,
      days: result.days,
      wallMs: round(first.wallMs),
      cpuMs: cpuOf(first),
      maxRssBytes: Math.max(first.maxRssBytes, second.maxRssBytes),
      warmWallMs: round(second.wallMs),
      warmCpuMs: cpuOf(second),
      fileBytes: result.bytes,
      loadColdMs: round(loadColdMs),
      loadWarmMs: round(loadWarmMs),
    };
  } finally {
    await browser.close();
  }
}

const seconds = (ms: number, digits = 1): string => `${round(ms / 1000, digits)} s`;

/** The table row of the report runs: written in < 10 s (the first run) and its load event < 3 s (cold). */
export function reportRow(result: ReportBenchResult): BenchRow {
  return {
    benchmark: 'report HTML',
    size: `${result.symbols} symbols x ${result.days} d, 5m`,
    figures: { ...result },
    summary:
      `written in ${seconds(result.wallMs)} (CPU ${seconds(result.cpuMs)}), again ` +
      `${seconds(result.warmWallMs)} (CPU ${seconds(result.warmCpuMs)}); peak RSS ${megabytes(result.maxRssBytes)} MB, ` +
      `${megabytes(result.fileBytes)} MB; load event ${seconds(result.loadColdMs, 2)} cold, ${seconds(result.loadWarmMs, 2)} warm`,
    target: 'written < 10 s, load < 3 s',
    met: result.wallMs < 10_000 && result.loadColdMs < 3_000,
  };
}
