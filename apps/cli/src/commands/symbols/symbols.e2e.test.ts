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
});
