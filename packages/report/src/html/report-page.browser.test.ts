// Opens a real report in Debian's headless Chromium (no browser is downloaded; a missing one fails
// these tests with the install command instead of skipping them).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../index.ts';
import { type HeadlessChromium, launchChromium } from '../test-support/chromium.ts';
import {
  FIXTURE_NOW_MS,
  FIXTURE_RANGE,
  FIXTURE_SYMBOLS,
  writeFixtureStore,
} from '../test-support/report-fixture.ts';

let root = '';
let fileUrl = '';
let browser: HeadlessChromium | undefined;

// Generous: writing the week of rows and starting the browser share two cores with the whole suite.
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'oi-report-browser-'));
  const dataDir = join(root, 'data');
  await writeFixtureStore(dataDir);
  const outputPath = join(root, 'report.html');
  await writeReport({
    dataDir,
    outputPath,
    range: FIXTURE_RANGE,
    series: 'both',
    nowMs: FIXTURE_NOW_MS,
    generatedAt: '2026-11-08 00:00 UTC',
  });
  fileUrl = pathToFileURL(outputPath).href;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await rm(root, { recursive: true, force: true });
});

interface OpenedPage {
  readonly page: Page;
  readonly errors: string[];
  readonly requests: string[];
}

async function openReport(): Promise<OpenedPage> {
  if (browser === undefined) throw new Error('the browser did not start');
  const page = await browser.context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  // A request the page's policy refuses shows up here as a console error.
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(fileUrl, { waitUntil: 'load' });
  return { page, errors, requests };
}

/** Scrolls each symbol's chart into view and waits until it is drawn. */
async function drawEveryChart(page: Page): Promise<void> {
  for (const symbol of FIXTURE_SYMBOLS) {
    const plot = page.locator(`#chart-${symbol} .plot`);
    await plot.scrollIntoViewIfNeeded();
    await page.waitForSelector(`#chart-${symbol} .plot[data-drawn="true"] canvas`);
  }
}

function mapCell(page: Page, row: string, day: number) {
  return page.locator('#coverage-map tbody tr').filter({ hasText: row }).locator('td').nth(day);
}

describe('the report in Chromium', () => {
  it('runs without a script error and asks for nothing but its own file', async () => {
    const { page, errors, requests } = await openReport();
    await drawEveryChart(page);
    await page.locator('#coverage-map td').first().hover();
    await page.close();
    expect(errors).toEqual([]);
    expect(requests).toEqual([fileUrl]);
  });

  it('marks the lost and the fillable gaps in the coverage map, apart and not by colour alone', async () => {
    const { page } = await openReport();
    await expect(page.locator('#coverage-map tbody tr').count()).resolves.toBe(2 * FIXTURE_SYMBOLS.length);
    await expect(page.locator('#coverage-map thead th').count()).resolves.toBe(1 + 7);

    // BTCUSDT 1m on 2026-11-04: 30 minutes lost for good: a cross, no hatch.
    const lost = mapCell(page, 'BTCUSDT 1m', 3);
    await expect(lost.textContent()).resolves.toBe('×');
    await expect(lost.getAttribute('class')).resolves.toBe('lv-most');
    await expect(lost.getAttribute('aria-label')).resolves.toBe('BTCUSDT 1m 2026-11-04: 97.9%, 30 lost');
    // BTCUSDT 5m on 2026-11-03: two hours the API can still give: hatched, no cross.
    const fillable = mapCell(page, 'BTCUSDT 5m', 2);
    await expect(fillable.textContent()).resolves.toBe('');
    await expect(fillable.getAttribute('class')).resolves.toBe('lv-most fillable');
    // A complete day.
    const full = mapCell(page, 'ADAUSDT 5m', 0);
    await expect(full.getAttribute('class')).resolves.toBe('lv-full');
    await expect(full.textContent()).resolves.toBe('');

    await lost.hover();
    const tooltip = page.locator('#map-tooltip');
    await expect(tooltip.isVisible()).resolves.toBe(true);
    const lostText = await tooltip.textContent();
    expect(lostText).toContain('BTCUSDT 1m · 2026-11-04');
    expect(lostText).toContain('Stored 1,410 of 1,440 slots (97.9%)');
    expect(lostText).toContain('× lost for good: 30 slots');
    expect(lostText).toContain('lost: live minute not taken: 30');
    expect(lostText).toContain('Sources: live');

    // The same figures by keyboard: from the first cell, down to BTCUSDT 5m, right to 2026-11-03.
    await page.mouse.move(0, 0);
    await page.locator('#coverage-map td').first().focus();
    for (let step = 0; step < 8; step += 1) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).resolves.toBe(
      'BTCUSDT 5m 2026-11-03: 91.6%, 24 fillable',
    );
    const fillableText = await tooltip.textContent();
    expect(fillableText).toContain('Can still be filled: 24 slots');
    expect(fillableText).toContain('fillable by api: within the API history: 24');
    expect(fillableText).toContain('Sources: archive');
    await page.close();
  });

  it('draws each chart when it comes into view, with a text alternative, and zooms on request', async () => {
    const { page } = await openReport();
    const last = FIXTURE_SYMBOLS.at(-1);
    // Far below the first screen, the last chart waits.
    await expect(page.locator(`#chart-${last} .plot`).getAttribute('data-drawn')).resolves.toBeNull();
    await drawEveryChart(page);
    for (const symbol of FIXTURE_SYMBOLS) {
      const figure = page.locator(`#chart-${symbol}`);
      await expect(figure.locator('.plot canvas').count()).resolves.toBe(1);
      await expect(figure.locator('.plot').getAttribute('role')).resolves.toBe('img');
      await expect(figure.locator('.plot').getAttribute('aria-label')).resolves.toContain(symbol);
      const caption = (await figure.locator('figcaption').textContent()) ?? '';
      expect(caption).toMatch(
        /5m series: [\d,]+ rows.* Open interest lowest [\d,.]+ \(2026-11-0\d \d\d:\d\d\)/,
      );
      expect(caption).toMatch(/1m series: [\d,]+ rows/);
      // Something was painted: a good share of the plot's pixels are not the white background.
      const painted = await figure.locator('.plot canvas').evaluate((canvas: HTMLCanvasElement) => {
        const context = canvas.getContext('2d');
        if (context === null) return 0;
        const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
        let inked = 0;
        for (let index = 0; index < data.length; index += 4) if ((data[index + 3] ?? 0) > 0) inked += 1;
        return inked / (canvas.width * canvas.height);
      });
      expect(painted).toBeGreaterThan(0.01);
    }
    const caption = await page.locator('#chart-BTCUSDT figcaption').textContent();
    expect(caption).toContain('1 gap, 24 missing slots: 24 fillable by api');
    expect(caption).toContain('1 gap, 30 missing slots: 30 lost');

    const lastDay = page.locator('#chart-BTCUSDT button[data-zoom="1"]');
    await lastDay.click();
    await expect(lastDay.getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(
      page.locator('#chart-BTCUSDT button[data-zoom="all"]').getAttribute('aria-pressed'),
    ).resolves.toBe('false');
    await page.close();
  });
});
