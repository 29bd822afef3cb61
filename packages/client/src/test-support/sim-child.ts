// Runs a simulator in its own process (so it has its own core in timing tests):
// `node --conditions=@oi/source sim-child.ts '<SimulatorOptions JSON>'`. Prints `{"url":...}` once
// listening; answers each stdin line `counts` with the request counts and `requests` with the request
// log as JSON; exits on `close`.
import { createInterface } from 'node:readline';
import { startSimulator } from '@oi/binance-sim';

const sim = await startSimulator(JSON.parse(process.argv[2] ?? '{}'));
process.stdout.write(`${JSON.stringify({ url: sim.url })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'counts') process.stdout.write(`${JSON.stringify(sim.counts())}\n`);
  if (line === 'requests') process.stdout.write(`${JSON.stringify(sim.requests())}\n`);
  if (line === 'close') break;
}
await sim.close();
