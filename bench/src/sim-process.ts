// The simulator as a separate process whose time is set by each request: the client's fetch sends
// its virtual clock's time in the `x-oi-bench-now` header, a front server adopts it and forwards the
// request to the simulator. So a collector on a virtual clock can be measured (CPU, RSS) without the
// simulator inside its process. Prints `{"url","symbols"}` on stdout when ready; on SIGTERM prints
// the request counts and exits.
// Run: node --conditions=@oi/source bench/src/sim-process.ts --seed 17 --extra-symbols 500
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { realClock, type SimClock, startSimulator } from '@oi/binance-sim';
import { BENCH_NOW_HEADER } from './bench-now-header.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    'extra-symbols': { type: 'string', default: '0' },
    'start-ms': { type: 'string', default: String(Date.UTC(2026, 0, 15, 12)) },
  },
});
let nowMs = Number(values['start-ms']);
const clock: SimClock = { now: () => nowMs, sleep: realClock.sleep, hold: realClock.hold };
const sim = await startSimulator({
  clock,
  seed: Number(values.seed),
  extraSymbols: Number(values['extra-symbols']),
});
const target = new URL(sim.url);

const front = createServer({ keepAlive: true }, (req, res) => {
  const header = Number(req.headers[BENCH_NOW_HEADER]);
  if (Number.isFinite(header) && header > nowMs) nowMs = header;
  const upstream = request(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => res.socket?.destroy());
  req.pipe(upstream);
});
await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
const { port } = front.address() as AddressInfo;

process.once('SIGTERM', () => {
  const counts = sim.counts();
  const history = counts.byEndpoint['openInterestHist'] ?? 0;
  process.stdout.write(`${JSON.stringify({ ...counts, historyRequests: history })}\n`, () => {
    front.closeAllConnections();
    front.close();
    void sim.close().then(() => process.exit(0));
  });
});
process.stdout.write(
  `${JSON.stringify({
    url: `http://127.0.0.1:${port}`,
    symbols: sim.universe.filter((entry) => entry.role === 'extra').map((entry) => entry.symbol),
  })}\n`,
);
