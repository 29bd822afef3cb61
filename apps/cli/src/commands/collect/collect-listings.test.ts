import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { createScaledClock, type Simulator, startSimulator } from '@oi/binance-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTestClock } from '../../test-clock.ts';
import { createTestContext } from '../../test-support/command-context.ts';
import { simulatorUrls, useTemporaryDirectory } from '../../test-support/e2e.ts';
import { parseArgs, useConfiguredDirectory } from '../../test-support/parse-args.ts';

// One listings path: a collector run asks the exchange for its listings once, for the symbol check,
// the live ticks and the patrol together.

const cwd = useConfiguredDirectory();
const root = useTemporaryDirectory('oi-collect-listings-');
const ORIGIN_MS = Date.UTC(2026, 0, 14, 0, 5, 20);
const SPEED = 30;
let realOriginMs: number;
let sim: Simulator;

beforeAll(async () => {
  realOriginMs = Date.now();
  sim = await startSimulator({
    clock: createScaledClock({ originMs: ORIGIN_MS, realOriginMs, speed: SPEED }),
  });
});
afterAll(async () => {
  await sim.close();
});

describe('oi collect and exchangeInfo', () => {
  it('asks for the listings once per run', async () => {
    const testClock = await parseTestClock(`${SPEED}:${ORIGIN_MS}:${realOriginMs}`);
    if (!testClock.ok) throw new Error(testClock.problem);
    const dataDir = await mkdtemp(join(root.path, 'data-'));
    const invocation = await parseArgs(
      ['collect', '-S', 'BTCUSDT', '--hours', '1m', '--data-dir', dataDir, ...simulatorUrls(sim.url)],
      cwd.path,
    );
    const result = await invocation.run(createTestContext({ testClock: testClock.value }));
    expect(result.data).toMatchObject({ stopReason: 'duration' });
    expect(sim.counts().byEndpoint).toMatchObject({ exchangeInfo: 1 });
  });
});
