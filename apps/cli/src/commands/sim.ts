import { startSimulator } from '@oi/binance-sim';
import type { CommandContext, CommandResult } from '../command-context.ts';
import type { SimOptions } from '../invocation.ts';

/**
 * `oi sim`: runs the bundled simulator until SIGINT/SIGTERM. The URL is printed as soon as it listens
 * (as `{ url, port, seed }` with `--json`), so scripts can read the first stdout line and go on.
 */
export async function runSim(
  options: SimOptions,
  json: boolean,
  context: CommandContext,
): Promise<CommandResult> {
  const simulator = await startSimulator({
    host: options.host,
    port: options.port,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.extraSymbols === undefined ? {} : { extraSymbols: options.extraSymbols }),
  });
  const info = {
    url: simulator.url,
    port: simulator.port,
    seed: simulator.seed,
    symbols: simulator.universe.length,
  };
  context.stdout.write(json ? `${JSON.stringify(info)}\n` : `${simulator.url}\n`);
  context.logger.info(
    `simulator listening on ${simulator.url} (seed ${simulator.seed}); use --fapi-url ${simulator.url}`,
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
