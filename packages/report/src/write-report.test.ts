import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasErrorCode } from '@oi/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MapData } from './html/map-data.ts';
import { InvalidReportOptionsError, ReportWriteError, writeReport } from './index.ts';
import {
  FIXTURE_NOW_MS,
  FIXTURE_RANGE,
  FIXTURE_SYMBOLS,
  writeFixtureStore,
} from './test-support/report-fixture.ts';

let root = '';
let dataDir = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'oi-report-'));
  // A folder name with every character HTML cares about: the header must show it, not run it.
  dataDir = join(root, `data <b>&"'`);
  await mkdir(dataDir);
  await writeFixtureStore(dataDir);
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const base = () => ({
  dataDir,
  range: FIXTURE_RANGE,
  nowMs: FIXTURE_NOW_MS,
  generatedAt: '2026-11-08 00:00 UTC',
});

function embeddedJson<T>(html: string, id: string): T {
  const match = new RegExp(`<script type="application/json" id="${id}">(.*?)</script>`, 's').exec(html);
  if (match?.[1] === undefined) throw new Error(`no #${id} in the page`);
  return JSON.parse(match[1]) as T;
}

describe('writeReport', () => {
  it('writes one self-contained page with every symbol, its gaps and exact figures', async () => {
    const outputPath = join(root, 'report.html');
    const result = await writeReport({ ...base(), series: 'both', outputPath });
    const html = await readFile(outputPath, 'utf8');
    expect(result).toEqual({
      path: outputPath,
      bytes: (await stat(outputPath)).size,
      symbols: FIXTURE_SYMBOLS.length,
      days: 7,
      fillableSlots: 24,
      lostSlots: 30,
    });
    // Nothing outside the file: no script, style, font or image is loaded from anywhere.
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/url\((?!data:)/);
    expect(html).toContain("default-src 'none'");
    // The data directory is shown, escaped.
    expect(html).toContain('data &lt;b&gt;&amp;&quot;&#39;');
    expect(html).not.toContain('data <b>');

    const map = embeddedJson<MapData>(html, 'report-map');
    expect(map.days).toEqual([
      '2026-11-01',
      '2026-11-02',
      '2026-11-03',
      '2026-11-04',
      '2026-11-05',
      '2026-11-06',
      '2026-11-07',
    ]);
    expect(map.rows.map((row) => `${row.symbol} ${row.series}`).slice(0, 4)).toEqual([
      'ADAUSDT 5m',
      'ADAUSDT 1m',
      'AVAXUSDT 5m',
      'AVAXUSDT 1m',
    ]);
    const btc5m = map.rows.find((row) => row.symbol === 'BTCUSDT' && row.series === '5m');
    const btc1m = map.rows.find((row) => row.symbol === 'BTCUSDT' && row.series === '1m');
    // 2026-11-03, 5m: 24 of 288 slots missing, fillable by the API; rows from the archive.
    const [expected5, present5, fillable5, lost5, sources5] = btc5m?.cells[2] ?? [];
    expect([expected5, present5, fillable5, lost5]).toEqual([288, 264, 24, 0]);
    expect(map.sourceLists[sources5 ?? -1]).toBe('archive');
    // 2026-11-04, 1m: 30 minutes lost for good; the rows are live.
    const [expected1, present1, fillable1, lost1, sources1, gaps1] = btc1m?.cells[3] ?? [];
    expect([expected1, present1, fillable1, lost1]).toEqual([1440, 1410, 0, 30]);
    expect(map.sourceLists[sources1 ?? -1]).toBe('live');
    expect(gaps1?.map(([label, slots]) => [map.gapLabels[label], slots])).toEqual([
      ['lost: live minute not taken', 30],
    ]);
    // The last day mixes both sources; a complete day of another symbol is full.
    expect(map.sourceLists[btc5m?.cells[6]?.[4] ?? -1]).toBe('api');
    expect(map.sourceLists[btc5m?.cells[5]?.[4] ?? -1]).toBe('api, archive');
    expect(map.levels[map.rows[0]?.cells[0]?.[6] ?? -1]).toBe('full');

    // Exact figures in the summary table and a text alternative for every chart.
    expect(html).toContain('<td class="num">2,016</td><td class="num">2,016</td><td class="num">100%</td>');
    expect(html).toContain('<td class="num">1,992</td><td class="num">2,016</td><td class="num">98.8%</td>');
    for (const symbol of FIXTURE_SYMBOLS) {
      expect(html).toContain(`<figure class="chart" id="chart-${symbol}"`);
    }
    expect(html).toMatch(
      /1m series: 10,050 rows, 99\.7% of 10,080 expected slots\..* 1 gap, 30 missing slots: 30 lost/,
    );
  });

  it('shows one series when asked, and only the symbols asked for, in their order', async () => {
    const outputPath = join(root, 'one.html');
    const result = await writeReport({
      ...base(),
      series: '5m',
      symbols: ['XRPUSDT', 'BTCUSDT'],
      outputPath,
    });
    const map = embeddedJson<MapData>(await readFile(outputPath, 'utf8'), 'report-map');
    expect(result.symbols).toBe(2);
    expect(map.rows.map((row) => `${row.symbol} ${row.series}`)).toEqual(['XRPUSDT 5m', 'BTCUSDT 5m']);
    expect(result.lostSlots).toBe(0);
  });

  it('says so when the data directory holds no symbol', async () => {
    const empty = join(root, 'empty');
    await mkdir(empty);
    const outputPath = join(root, 'empty.html');
    const result = await writeReport({ ...base(), dataDir: empty, series: 'both', outputPath });
    expect(result).toMatchObject({ symbols: 0, days: 7, fillableSlots: 0, lostSlots: 0 });
    expect(await readFile(outputPath, 'utf8')).toContain('No symbol to show');
  });

  it('escapes a title that tries to close its element', async () => {
    const outputPath = join(root, 'title.html');
    await writeReport({ ...base(), series: '5m', title: '</title><script>alert(1)</script>', outputPath });
    const html = await readFile(outputPath, 'utf8');
    expect(html).toContain('<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>');
  });

  it('refuses bad options before reading anything', async () => {
    const outputPath = join(root, 'bad.html');
    const bad = [
      { range: { startMs: FIXTURE_NOW_MS, endMs: FIXTURE_NOW_MS } },
      { series: 'hourly' as '5m' },
      { chartBuckets: 3 },
      { nowMs: -1 },
    ];
    for (const override of bad) {
      const attempt = writeReport({ ...base(), series: '5m', outputPath, ...override });
      await expect(attempt).rejects.toBeInstanceOf(InvalidReportOptionsError);
      await expect(attempt).rejects.toSatisfy((error) => hasErrorCode(error, 'REPORT_INVALID_OPTIONS'));
    }
  });

  it('tells its progress symbol by symbol, and stops when its signal fires, writing nothing', async () => {
    const progress: string[] = [];
    const controller = new AbortController();
    const outputPath = join(root, 'stopped.html');
    const attempt = writeReport({
      ...base(),
      series: '5m',
      outputPath,
      signal: controller.signal,
      onProgress: ({ symbolsDone, symbols }) => {
        progress.push(`${symbolsDone}/${symbols}`);
        if (symbolsDone === 2) controller.abort(new Error('stop here'));
      },
    });
    await expect(attempt).rejects.toThrow('stop here');
    expect(progress).toEqual([`1/${FIXTURE_SYMBOLS.length}`, `2/${FIXTURE_SYMBOLS.length}`]);
    expect(await readdir(root)).not.toContainEqual(expect.stringContaining('stopped.html'));

    const done: number[] = [];
    await writeReport({ ...base(), series: '5m', outputPath, onProgress: (p) => done.push(p.symbolsDone) });
    expect(done).toEqual(FIXTURE_SYMBOLS.map((_, index) => index + 1));
  });

  it('reports a file it cannot write as ReportWriteError and leaves an existing report whole', async () => {
    // A file where the report's folder should be.
    await writeFile(join(root, 'a-file'), '');
    const attempt = writeReport({ ...base(), series: '5m', outputPath: join(root, 'a-file', 'report.html') });
    await expect(attempt).rejects.toBeInstanceOf(ReportWriteError);
    await expect(attempt).rejects.toSatisfy((error) => hasErrorCode(error, 'REPORT_WRITE_FAILED'));

    const existing = join(root, 'kept.html');
    await writeFile(existing, 'old report');
    await expect(
      writeReport({ ...base(), series: 'both', outputPath: existing, symbols: ['NOPE!'] }),
    ).rejects.toThrow();
    expect(await readFile(existing, 'utf8')).toBe('old report');
  });
});
