import type { Argv } from 'yargs';
import type { CommandContext, CommandResult } from '../../cli/command-context.ts';
import { defineCommand } from '../../cli/command-module.ts';
import { integerFlag } from '../../cli/flag-coercers.ts';

/** The flags of `oi sim`. */
export const simFlags = {
  port: { ...integerFlag('port', 'Port (0 = any)', 0, 65535), default: 8080 },
  host: { type: 'string', default: '127.0.0.1', description: 'Address to listen on' },
  seed: { ...integerFlag('seed', 'Random seed', 0), default: 1 },
  'extra-symbols': {
    ...integerFlag('extra-symbols', 'Synthetic symbols added to the listing', 0, 5000),
    default: 0,
  },
} as const;

/** Options of `oi sim`. */
export interface SimOptions {
  readonly port: number;
  readonly host: string;
  readonly seed: number;
  readonly extraSymbols: number;
}

/** Declares the flags and examples of `oi sim`. */
export function buildSim(yargs: Argv) {
  return yargs
    .options(simFlags)
    .example('$0 sim --port 8080', 'then: oi backfill --fapi-url http://127.0.0.1:8080 ...');
}

/**
 * `oi sim`: runs the bundled simulator until SIGINT/SIGTERM. The URL is printed as soon as it listens
 * (as `{ url, port, seed }` with `--json`), so scripts can read the first stdout line and go on.
 */
export async function runSim(
  options: SimOptions,
  json: boolean,
  context: CommandContext,
): Promise<CommandResult> {
  const { startSimulator } = await import('@oi/binance-sim');
  const simulator = await startSimulator(options);
  const info = {
    url: simulator.url,
    port: simulator.port,
    seed: simulator.seed,
    symbols: simulator.universe.length,
  };
  context.stdout.write(json ? `${JSON.stringify(info)}\n` : `${simulator.url}\n`);
  context.logger.info(
    `simulator listening on ${simulator.url} (seed ${simulator.seed}); use --fapi-url ${simulator.url} --dapi-url ${simulator.url} --archive-url ${simulator.url} (it serves both markets and the archive)`,
  );
  context.logger.info('press Ctrl-C to stop');
  await new Promise<void>((resolve) => {
    if (context.signal.aborted) resolve();
    else context.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  const counts = simulator.counts();
  await simulator.close();
  context.logger.info(`simulator stopped after ${counts.total} requests`);
  return { exitCode: 0, data: undefined, text: '' };
}

/** `oi sim`. */
export const simCommand = defineCommand({
  name: 'sim',
  describe: 'Start the bundled Binance simulator on a local port',
  builder: buildSim,
  options: (args): SimOptions => ({
    port: args.port,
    host: args.host,
    seed: args.seed,
    extraSymbols: args.extraSymbols,
  }),
  handler: (options: SimOptions, common, context) => runSim(options, common.json, context),
  writesData: false,
});
