// Makes a report from a data directory and takes a PNG screenshot of it in headless Chromium, so the
// README's picture can be made again: node --conditions=@oi/source scripts/screenshot.ts --data-dir DIR
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { writeReport } from '../src/index.ts';
import { launchChromium } from '../src/test-support/chromium.ts';

const DAY_MS = 86_400_000;
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    out: { type: 'string', default: 'report.png' },
    html: { type: 'string' },
    now: { type: 'string' },
    days: { type: 'string', default: '30' },
    series: { type: 'string', default: 'both' },
    symbols: { type: 'string' },
    width: { type: 'string', default: '1280' },
    height: { type: 'string', default: '1500' },
    'scroll-to': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help || values['data-dir'] === undefined) {
  process.stdout.write(`usage: node --conditions=@oi/source scripts/screenshot.ts --data-dir DIR [options]
  --out FILE         the PNG (default report.png)
  --html FILE        keep the report here (default: a temporary file)
  --now ISO          the time the report is made for (default: now); the range ends there
  --days N           days in the range (default 30)
  --series S         5m, 1m or both (default both)
  --symbols A,B      symbols (default: every symbol in the data directory)
  --width/--height   the viewport in CSS pixels (default 1280 x 1500)
  --scroll-to SEL    scroll this CSS selector to the top before the screenshot (e.g. '#charts')\n`);
  process.exit(values.help ? 0 : 2);
}

const nowMs = values.now === undefined ? Date.now() : Date.parse(values.now);
if (!Number.isFinite(nowMs)) throw new Error(`--now ${values.now} is not a date`);
const series = values.series;
if (series !== '5m' && series !== '1m' && series !== 'both')
  throw new Error(`--series ${series}: expected 5m, 1m or both`);
const htmlPath = resolve(values.html ?? join(await mkdtemp(join(tmpdir(), 'oi-report-')), 'report.html'));
const result = await writeReport({
  dataDir: values['data-dir'],
  outputPath: htmlPath,
  range: { startMs: nowMs - Number(values.days) * DAY_MS, endMs: nowMs },
  series,
  nowMs,
  generatedAt: `${new Date(nowMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  ...(values.symbols === undefined ? {} : { symbols: values.symbols.split(',') }),
});
process.stdout.write(
  `report: ${htmlPath} (${result.bytes} bytes, ${result.symbols} symbols x ${result.days} days)\n`,
);

const browser = await launchChromium({
  viewport: { width: Number(values.width), height: Number(values.height) },
});
try {
  const page = await browser.context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
  if (values['scroll-to'] !== undefined) {
    await page
      .locator(values['scroll-to'])
      .first()
      .evaluate((element) => element.scrollIntoView());
  }
  // Charts are drawn as they come into view; wait for those on screen before taking the picture.
  await page.waitForFunction(() =>
    [...document.querySelectorAll<HTMLElement>('.plot[data-symbol]')].every((plot) => {
      const box = plot.getBoundingClientRect();
      return box.bottom < 0 || box.top > window.innerHeight || plot.dataset['drawn'] !== undefined;
    }),
  );
  await page.screenshot({ path: values.out });
  process.stdout.write(`screenshot: ${resolve(values.out)}\n`);
} finally {
  await browser.close();
}
