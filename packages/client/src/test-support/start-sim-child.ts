import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { RequestCounts, RequestLogEntry, SimulatorOptions } from '@oi/binance-sim';

/** A simulator running in a child process. */
export interface SimChild {
  readonly url: string;
  counts(): Promise<RequestCounts>;
  requests(): Promise<RequestLogEntry[]>;
  close(): Promise<void>;
}

/** Starts `sim-child.ts` with `options` (JSON-serialisable; real clock) and waits for its URL. */
export async function startSimChild(options: SimulatorOptions): Promise<SimChild> {
  const script = fileURLToPath(new URL('./sim-child.ts', import.meta.url));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=@oi/source', script, JSON.stringify(options)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines: Interface = createInterface({ input: child.stdout! });
  const iterator = lines[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const { value, done } = await iterator.next();
    if (done) throw new Error('simulator child exited');
    return value as string;
  };
  const { url } = JSON.parse(await nextLine()) as { url: string };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    async counts() {
      child.stdin!.write('counts\n');
      return JSON.parse(await nextLine()) as RequestCounts;
    },
    async requests() {
      child.stdin!.write('requests\n');
      return JSON.parse(await nextLine()) as RequestLogEntry[];
    },
    async close() {
      child.stdin!.end('close\n');
      await exited;
    },
  };
}
