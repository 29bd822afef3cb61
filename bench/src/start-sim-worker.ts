import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { SimCounts, SimWorkerData, SimWorkerReply } from './sim-worker-protocol.ts';

/** A simulator running in a worker thread. */
export interface SimWorker {
  readonly url: string;
  /** The generated TRADING perpetuals (`SIM0001USDT`, ...). */
  readonly extraSymbols: readonly string[];
  /** Milliseconds the simulator's thread has been busy (event-loop active time). */
  activeMs(): number;
  /** Request totals since the previous call (the log is cleared). */
  takeCounts(): Promise<SimCounts>;
  close(): Promise<void>;
}

/**
 * Starts the simulator in a worker thread. Its time is the machine's plus the offset in `timeBuffer`
 * (a JumpClock's; all zeros: real time), or with `timeMode: 'absolute'` the value in the buffer.
 */
export async function startSimWorker(
  options: Readonly<Record<string, unknown>>,
  timeBuffer: SharedArrayBuffer = new SharedArrayBuffer(8),
  timeMode: 'offset' | 'absolute' = 'offset',
): Promise<SimWorker> {
  const data: SimWorkerData = { timeBuffer, timeMode, options };
  const worker = new Worker(new URL('./sim-worker.ts', import.meta.url), { workerData: data });
  const next = async <T extends SimWorkerReply['type']>(
    type: T,
  ): Promise<Extract<SimWorkerReply, { type: T }>> => {
    for (;;) {
      const [message] = (await once(worker, 'message')) as [SimWorkerReply];
      if (message.type === type) return message as Extract<SimWorkerReply, { type: T }>;
    }
  };
  const ready = await next('ready');
  return {
    url: ready.url,
    extraSymbols: ready.extraSymbols,
    activeMs: () => worker.performance.eventLoopUtilization().active,
    async takeCounts() {
      const reply = next('counts');
      worker.postMessage({ type: 'take-counts' });
      const { type: _type, ...counts } = await reply;
      return counts;
    },
    async close() {
      const closed = next('closed');
      worker.postMessage({ type: 'close' });
      await closed;
      await worker.terminate();
    },
  };
}
