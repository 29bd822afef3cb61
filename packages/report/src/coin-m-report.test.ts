import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type OiPoint, openStore, SERIES_SLOT_MS, type Series } from '@oi/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChartData } from './html/chart-data.ts';
import { buildReportHtml, writeReport } from './index.ts';
import { launchChromium } from './test-support/chromium.ts';
import { writeTestStore } from './test-support/write-test-store.ts';

const DAY = 86_400_000;
const NOW_MS = Date.UTC(2026, 10, 22);
const RANGE = { startMs: NOW_MS - 2 * DAY, endMs: NOW_MS };
// OI in contracts: millions, where BTCUSDT's (in BTC) is tens of thousands; a sum would show at once.
const CONTRACTS = 2_909_783;

function coinMPoints(series: Series): OiPoint[] {
  const slotMs = SERIES_SLOT_MS[series];
  return Array.from({ length: (RANGE.endMs - RANGE.startMs) / slotMs }, (_, index) => {
    const slot = RANGE.startMs + index * slotMs;
    const units = { contractSize: index === 0 ? '' : '100', valueAsset: index === 0 ? '' : 'BTC' };
    return {
      slotMs: slot,
      openInterest: String(CONTRACTS + index),
      openInterestValue: `${3377 + index}.45202731`,
      extra:
        series === '5m'
          ? { source: 'api', ...units }
          : { markPrice: '86153.2', exchangeTime: String(slot + 5), ...units },
    };
  });
}

let dataDir = '';

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'oi-report-coin-m-'));
  await writeTestStore({ dataDir, symbols: ['BTCUSDT'], range: RANGE, series: ['5m', '1m'] });
  const store = await openStore({ dataDir });
  try {
    for (const series of ['5m', '1m'] as const) await store.merge('BTCUSD_PERP', series, coinMPoints(series));
  } finally {
    await store.close();
  }
}, 60_000);

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const options = () => ({
  dataDir,
  range: RANGE,
  series: 'both' as const,
  nowMs: NOW_MS,
  generatedAt: '2026-11-22 00:00 UTC',
});

function figureOf(html: string, symbol: string): string {
  const match = new RegExp(`<figure class="chart" id="chart-${symbol}"[\\s\\S]*?</figure>`).exec(html);
  if (match === null) throw new Error(`no chart of ${symbol} in the page`);
  return match[0];
}

function chartDataOf(figure: string): ChartData {
  const match = /<script type="application\/json" class="chart-data">(.*?)<\/script>/s.exec(figure);
  return JSON.parse(match?.[1] ?? 'null') as ChartData;
}

describe('a report of a COIN-M contract beside a USDⓈ-M symbol', () => {
  it("labels the contract's units on its chart and in its captions, and keeps its numbers its own", async () => {
    const html = await buildReportHtml(options());
    const coinM = figureOf(html, 'BTCUSD_PERP');
    expect(coinM).toContain(
      '<p class="units">COIN-M contract: open interest in contracts of 100 USD, its value in BTC; ' +
        'not comparable with USDⓈ-M figures.</p>',
    );
    const coinMData = chartDataOf(coinM);
    expect(coinMData.units).toEqual({ openInterest: 'contracts of 100 USD', openInterestValue: 'BTC' });
    expect(coinMData.lines.map((line) => line.label)).toEqual([
      'OI 5m (contracts)',
      'OI value 5m (BTC)',
      'OI 1m (contracts)',
      'OI value 1m (BTC)',
    ]);
    // The captions' figures are the contract's own rows: its lowest and highest OI in contracts.
    const last5m = CONTRACTS + 2 * 288 - 1;
    expect(coinM).toContain(
      `Open interest (contracts of 100 USD) lowest ${CONTRACTS.toLocaleString('en-US')} (2026-11-20 00:00), ` +
        `highest ${last5m.toLocaleString('en-US')} (2026-11-21 23:55)`,
    );
    expect(coinM).toContain('Open interest value (BTC) lowest 3,377.45202731');

    const usdM = figureOf(html, 'BTCUSDT');
    expect(usdM).not.toContain('class="units"');
    expect(usdM).not.toContain('contracts');
    const usdMData = chartDataOf(usdM);
    expect(usdMData.units).toBeUndefined();
    expect(usdMData.lines.map((line) => line.label)).toEqual([
      'OI 5m',
      'OI value 5m',
      'OI 1m',
      'OI value 1m',
    ]);
    // No figure on the page is in the millions of contracts but the contract's own.
    const highest = /Open interest lowest [^)]*\), highest ([\d,.]+)/.exec(usdM)?.[1] ?? '';
    expect(Number(highest.replaceAll(',', ''))).toBeLessThan(CONTRACTS);
  });

  it("names the contract's units on its chart's axes in Chromium, without a script error", async () => {
    const outputPath = join(dataDir, '..', `${dataDir.split('/').pop()}-report.html`);
    await writeReport({ ...options(), outputPath });
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      // uPlot draws axis labels on the canvas: every text drawn is recorded, per chart.
      await page.addInitScript(() => {
        const drawn: Record<string, string[]> = {};
        Object.assign(window, { drawnTexts: drawn });
        const fillText = CanvasRenderingContext2D.prototype.fillText;
        CanvasRenderingContext2D.prototype.fillText = function (text, x, y, maxWidth) {
          const symbol = this.canvas.closest('.plot')?.getAttribute('data-symbol') ?? '';
          drawn[symbol] = [...(drawn[symbol] ?? []), String(text)];
          fillText.call(this, text, x, y, maxWidth);
        };
      });
      await page.goto(pathToFileURL(outputPath).href, { waitUntil: 'load' });
      for (const symbol of ['BTCUSD_PERP', 'BTCUSDT']) {
        await page.locator(`#chart-${symbol} .plot`).scrollIntoViewIfNeeded();
        await page.waitForSelector(`#chart-${symbol} .plot[data-drawn="true"] canvas`);
      }
      const drawn = (await page.evaluate(
        () => (window as unknown as { drawnTexts: object }).drawnTexts,
      )) as Record<string, string[]>;
      expect(drawn['BTCUSD_PERP']).toEqual(expect.arrayContaining(['contracts of 100 USD', 'BTC']));
      expect(drawn['BTCUSDT']?.length).toBeGreaterThan(0);
      expect(drawn['BTCUSDT']).not.toContain('BTC');
      expect(drawn['BTCUSDT']?.some((text) => text.includes('contracts'))).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await rm(outputPath, { force: true });
    }
  }, 60_000);
});
