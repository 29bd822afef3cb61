// Runs the simulator on its own: `node --conditions=@oi/source src/standalone.ts --port 8080
// [--seed N] [--extra-symbols N] [--coin-m-extra-symbols N]`. An entry point, so it may print and
// read argv; the library may not.
/* biome-ignore-all lint/suspicious/noConsole: a standalone entry point reports on stdout */
import { parseArgs } from 'node:util';
import { startSimulator } from './simulator.ts';

// `pnpm start -- --port 8080` forwards the `--` separator; drop it so the flags are read as flags.
const argv = process.argv.slice(2);
if (argv[0] === '--') argv.shift();

const { values } = parseArgs({
  args: argv,
  options: {
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    seed: { type: 'string', default: '1' },
    'extra-symbols': { type: 'string', default: '0' },
    'coin-m-extra-symbols': { type: 'string', default: '0' },
  },
});

const toInteger = (name: string, raw: string): number => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} must be a non-negative integer, got ${raw}`);
    process.exit(2);
  }
  return value;
};

const simulator = await startSimulator({
  host: values.host,
  port: toInteger('port', values.port),
  seed: toInteger('seed', values.seed),
  extraSymbols: toInteger('extra-symbols', values['extra-symbols']),
  coinMExtraSymbols: toInteger('coin-m-extra-symbols', values['coin-m-extra-symbols']),
});
console.log(simulator.url);

const stop = (): void => {
  void simulator.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
