import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BudgetChildConfig, BudgetChildResult } from './budget-child.ts';

/** A `budget-child.ts` process. */
export interface BudgetChild {
  readonly pid: number;
  /** The child's `ready` line. */
  ready(): Promise<Record<string, unknown>>;
  /** The child's `done` line; rejects if it exits without one. */
  done(): Promise<BudgetChildResult>;
  /** SIGKILL, then waits for the exit. */
  kill(): Promise<void>;
}

/** Starts `budget-child.ts` with `config` under the `@oi/source` condition, as the CLI's node would run it. */
export function startBudgetChild(config: BudgetChildConfig): BudgetChild {
  const script = fileURLToPath(new URL('./budget-child.ts', import.meta.url));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=@oi/source', script, JSON.stringify(config)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  // 'close' comes after the last line of stdout, 'exit' may come before it.
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const lines: Record<string, unknown>[] = [];
  const listeners: (() => void)[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(JSON.parse(line) as Record<string, unknown>);
    for (const listener of listeners.splice(0)) listener();
  });
  const waitFor = async (type: string): Promise<Record<string, unknown>> => {
    for (;;) {
      const found = lines.find((line) => line['type'] === type);
      if (found !== undefined) return found;
      const more = new Promise<void>((resolve) => listeners.push(resolve));
      const outcome = await Promise.race([more.then(() => 'line'), exited.then(() => 'exit')]);
      if (outcome === 'exit') {
        const last = lines.find((line) => line['type'] === type);
        if (last !== undefined) return last;
        throw new Error(`budget child ${child.pid} exited with code ${child.exitCode} before '${type}'`);
      }
    }
  };
  return {
    pid: child.pid ?? -1,
    ready: () => waitFor('ready'),
    done: async () => (await waitFor('done')) as unknown as BudgetChildResult,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
