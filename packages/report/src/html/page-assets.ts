import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/** The libraries, font and page script a report carries inside itself. */
export interface PageAssets {
  /** uPlot's browser build (defines the global `uPlot`). */
  readonly chartScript: string;
  /** uPlot's stylesheet. */
  readonly chartStyle: string;
  /** `@font-face` rules with the Inter font as data URLs. */
  readonly fontStyle: string;
  /** The page's own script: coverage map, tooltips, charts on demand. */
  readonly pageScript: string;
  /** What the page carries and under which licence, for a comment in the file. */
  readonly notice: string;
}

const require = createRequire(import.meta.url);
// Latin only, two weights: about 48 KB of font where the full family would be over a megabyte.
const FONT_WEIGHTS = [400, 600] as const;

async function readPackageText(specifier: string): Promise<string> {
  return readFile(require.resolve(specifier), 'utf8');
}

// The page's scripts, in the order they run: shared helpers, then the map, then the charts.
const PAGE_SCRIPTS = ['page-kit.js', 'coverage-map.js', 'report-charts.js'] as const;

/**
 * The page's own script. Read from src/ both from src/html and from dist/html: the shipped script
 * is the checked source byte for byte, not a compiled copy (tsc would append an `export {}` that a
 * classic script rejects).
 */
async function readPageScript(): Promise<string> {
  const parts = await Promise.all(
    PAGE_SCRIPTS.map((name) => readFile(new URL(`../../src/client/${name}`, import.meta.url), 'utf8')),
  );
  return parts.join('\n');
}

async function fontFace(weight: number): Promise<string> {
  const file = require.resolve(`@fontsource/inter/files/inter-latin-${weight}-normal.woff2`);
  const data = (await readFile(file)).toString('base64');
  return (
    `@font-face{font-family:'Inter';font-style:normal;font-display:block;font-weight:${weight};` +
    `src:url(data:font/woff2;base64,${data}) format('woff2');}`
  );
}

async function loadPageAssets(): Promise<PageAssets> {
  const [chartScript, chartStyle, pageScript, ...faces] = await Promise.all([
    readPackageText('uplot/dist/uPlot.iife.min.js'),
    readPackageText('uplot/dist/uPlot.min.css'),
    readPageScript(),
    ...FONT_WEIGHTS.map(fontFace),
  ]);
  const uplotVersion = (require('uplot/package.json') as { version: string }).version;
  const interVersion = (require('@fontsource/inter/package.json') as { version: string }).version;
  return {
    chartScript,
    chartStyle,
    fontStyle: faces.join(''),
    pageScript,
    notice: `Inlined: uPlot ${uplotVersion} (MIT licence), Inter ${interVersion} (SIL Open Font Licence 1.1).`,
  };
}

let cached: Promise<PageAssets> | undefined;

/** The page's assets, read from the installed packages once per process. */
export function pageAssets(): Promise<PageAssets> {
  cached ??= loadPageAssets().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
