// A simulator in its own worker thread, so serving hundreds of requests per tick does not share the
// event loop of the code being measured (it gets the machine's other core, as Binance would be
// elsewhere). Time comes from the main thread through a shared buffer: a JumpClock's offset, or the
// current time of a virtual clock.
import { parentPort, workerData } from 'node:worker_threads';
import { type SimulatorOptions, startSimulator } from '@oi/binance-sim';
import { createSharedTimeClock } from './jump-clock.ts';
import type { SimWorkerData, SimWorkerReply, SimWorkerRequest } from './sim-worker-protocol.ts';

const data = workerData as SimWorkerData;
const clock = createSharedTimeClock(data.timeBuffer, data.timeMode);
const sim = await startSimulator({ ...(data.options as SimulatorOptions), clock });
const port = parentPort!;
const reply = (message: SimWorkerReply): void => port.postMessage(message);

port.on('message', (message: SimWorkerRequest) => {
  switch (message.type) {
    case 'take-counts': {
      const log = sim.requests();
      sim.clearLog();
      const byStatus: Record<string, number> = {};
      let weight = 0;
      let historyRequests = 0;
      for (const entry of log) {
        byStatus[String(entry.status)] = (byStatus[String(entry.status)] ?? 0) + 1;
        weight += entry.weight;
        if (entry.endpoint === 'openInterestHist') historyRequests += 1;
      }
      reply({ type: 'counts', requests: log.length, weight, historyRequests, byStatus });
      break;
    }
    case 'close':
      void sim.close().then(() => {
        reply({ type: 'closed' });
        port.close();
      });
      break;
  }
});

reply({
  type: 'ready',
  url: sim.url,
  extraSymbols: sim.universe.filter((entry) => entry.role === 'extra').map((entry) => entry.symbol),
});
