import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Simulator, type SimulatorOptions, startSimulator } from '@oi/binance-sim';
import { type OiRun, runOi } from '@oi/test-support';
import { afterAll, beforeAll } from 'vitest';
import { seedFiveMinuteRows } from './seed-five-minute-rows.ts';

/** One UTC day, in ms. */
export const DAY_MS = 86_400_000;

/** The UTC day key (YYYY-MM-DD) of an instant. */
export const dayKey = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The start of yesterday (UTC), epoch ms. */
export const yesterdayStartMs = (): number => Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS;

/** `--from D --to D` for yesterday (UTC). */
export const yesterdayFlags = (): string[] => {
  const day = dayKey(yesterdayStartMs());
  return ['--from', day, '--to', day];
};

/** `--fapi-url URL --dapi-url URL --archive-url URL`: the simulator serves both APIs and the archive on one listener. */
export const simulatorUrls = (url: string): string[] => [
  '--fapi-url',
  url,
  '--dapi-url',
  url,
  '--archive-url',
  url,
];

/** Parses one JSON object printed by `--json`. */
export const parseJson = (text: string): Record<string, unknown> =>
  JSON.parse(text) as Record<string, unknown>;

/** A simulator started before the file's tests and closed after them; read `.sim` inside a test. */
export function useSimulator(options: SimulatorOptions = {}): { readonly sim: Simulator } {
  let sim: Simulator | undefined;
  beforeAll(async () => {
    sim = await startSimulator(options);
  });
  afterAll(async () => {
    await sim?.close();
  });
  return {
    get sim() {
      if (sim === undefined) throw new Error('the simulator starts in beforeAll');
      return sim;
    },
  };
}

/** A temporary directory made before the file's tests and removed after them; read `.path` inside a test. */
export function useTemporaryDirectory(prefix: string): { readonly path: string } {
  const directory = { path: '' };
  beforeAll(async () => {
    directory.path = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await rm(directory.path, { recursive: true, force: true });
  });
  return directory;
}

/** A simulator on the real clock and a working directory for the `oi` child processes of one test file. */
export interface E2eWorld {
  /** The working directory; its config/config.json lists BTCUSDT and ETHUSDT (and a key `oi` keeps). */
  readonly cwd: string;
  readonly sim: Simulator;
  /** Runs `oi <args> --fapi-url <the simulator> --archive-url <the simulator>` in the working directory. */
  oi(args: readonly string[], env?: Readonly<Record<string, string>>): Promise<OiRun>;
}

/**
 * Starts the world before the file's tests and removes it after them; read it inside a test. With
 * `seedYesterday`, `<cwd>/data` holds yesterday's 288 5m rows of BTCUSDT and ETHUSDT.
 */
export function useE2eWorld(options: { readonly seedYesterday?: boolean } = {}): E2eWorld {
  const simulator = useSimulator({ seed: 3 });
  const directory = useTemporaryDirectory('oi-e2e-');
  beforeAll(async () => {
    await mkdir(join(directory.path, 'config'));
    await writeFile(
      join(directory.path, 'config', 'config.json'),
      JSON.stringify({ symbols: ['BTCUSDT', 'ETHUSDT'], keep: 1 }),
    );
    if (options.seedYesterday === true) {
      await seedFiveMinuteRows(join(directory.path, 'data'), ['BTCUSDT', 'ETHUSDT'], yesterdayStartMs(), 288);
    }
  });
  return {
    get cwd() {
      return directory.path;
    },
    get sim() {
      return simulator.sim;
    },
    oi: (args, env = {}) =>
      runOi([...args, ...simulatorUrls(simulator.sim.url)], {
        cwd: directory.path,
        env,
      }),
  };
}
