import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runOi } from '@oi/test-support';
import { describe, expect, it } from 'vitest';
import { parseJson, useE2eWorld } from '../../test-support/e2e.ts';

const world = useE2eWorld();

describe('oi symbols update against the simulator', () => {
  it('writes the top perpetuals by quote volume and prints the diff', async () => {
    const dir = await mkdtemp(join(world.cwd, 'symbols-'));
    await mkdir(join(dir, 'config'));
    await writeFile(join(dir, 'config', 'config.json'), '["BTCUSDT","GONEUSDT"]');
    const run = await runOi(['symbols', 'update', '--top', '4', '--fapi-url', world.sim.url, '--json'], {
      cwd: dir,
    });
    expect(run.code).toBe(0);
    const result = parseJson(run.stdout) as { symbols: string[]; removed: string[] };
    expect(result.symbols).toHaveLength(4);
    expect(result.removed).toContain('GONEUSDT');
    const written = JSON.parse(await readFile(join(dir, 'config', 'config.json'), 'utf8'));
    expect(written).toEqual(result.symbols);
    // The order is by 24h quote volume, as the exchange reports it.
    const tickers = (await (await fetch(`${world.sim.url}/fapi/v1/ticker/24hr`)).json()) as {
      symbol: string;
      quoteVolume: string;
    }[];
    const volume = new Map(tickers.map((t) => [t.symbol, Number(t.quoteVolume)]));
    const volumes = result.symbols.map((s) => volume.get(s) ?? 0);
    expect([...volumes].sort((a, b) => b - a)).toEqual(volumes);
    const demo = await runOi(['symbols', 'update', '--demo', '--top', '3'], { cwd: dir });
    expect(demo.code).toBe(0);
    expect(demo.stdout).toMatch(/3 symbols/);
  });

  it('--market cm ranks COIN-M perpetuals by USD volume (contracts x contract size); --market all takes each market', async () => {
    const dir = await mkdtemp(join(world.cwd, 'symbols-cm-'));
    await mkdir(join(dir, 'config'));
    const urls = ['--fapi-url', world.sim.url, '--dapi-url', world.sim.url];
    const run = await runOi(['symbols', 'update', '--market', 'cm', '--top', '3', ...urls, '--json'], {
      cwd: dir,
    });
    expect(run.code, run.stderr).toBe(0);
    const result = parseJson(run.stdout) as { symbols: string[] };
    const info = (await (await fetch(`${world.sim.url}/dapi/v1/exchangeInfo`)).json()) as {
      symbols: { symbol: string; contractType: string; contractStatus: string; contractSize: number }[];
    };
    const tickers = (await (await fetch(`${world.sim.url}/dapi/v1/ticker/24hr`)).json()) as {
      symbol: string;
      volume: string;
    }[];
    const perpetuals = info.symbols.filter(
      (s) => s.contractType === 'PERPETUAL' && s.contractStatus === 'TRADING',
    );
    const usd = new Map(
      perpetuals.map((s) => [
        s.symbol,
        Number(tickers.find((t) => t.symbol === s.symbol)?.volume) * s.contractSize,
      ]),
    );
    const expected = [...usd]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([symbol]) => symbol);
    expect(result.symbols).toEqual(expected);

    const both = await runOi(['symbols', 'update', '--market', 'all', '--top', '2', ...urls, '--json'], {
      cwd: dir,
    });
    const symbols = (parseJson(both.stdout) as { symbols: string[] }).symbols;
    expect(symbols).toHaveLength(4);
    expect(symbols.slice(2)).toEqual(expected.slice(0, 2));
    expect(symbols.slice(0, 2).every((symbol) => symbol.endsWith('USDT'))).toBe(true);
  });
});
