import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Simulator, startSimulator } from '@oi/binance-sim';

const CHILD = fileURLToPath(new URL('./backfill-child.ts', import.meta.url));

/**
 * Runs `backfill-child.ts` with `args` in its own process; `onLine` sees each stdout line (and may
 * kill the process). Resolves with the exit code, `null` after a SIGKILL; rejects on any other failure.
 */
export function spawnBackfillChild(
  args: readonly string[],
  onLine?: (line: string, proc: ChildProcess) => void,
): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--conditions=@oi/source', CHILD, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffered = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) onLine?.(line, proc);
    });
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL') reject(new Error(`child exited ${code}: ${stderr}`));
      else resolve(code);
    });
  });
}

/** Every file under `root`, by relative path, with its text. */
export async function readTree(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(root, path), await readFile(path, 'utf8'));
  }
  return files;
}

/** A real-clock simulator and two data directories: one for the run that is killed, one for the reference. */
export interface CrashRig {
  readonly sim: Simulator;
  readonly killedDir: string;
  readonly referenceDir: string;
  /** The child's arguments for a backfill of `symbols` over `range` into `dir`. */
  args(
    dir: string,
    mode: 'new' | 'resume',
    range: { startMs: number; endMs: number },
    symbols: readonly string[],
    source?: string,
  ): string[];
  close(): Promise<void>;
}

/** Starts a {@link CrashRig}: children reach the simulator over HTTP and share its real clock. */
export async function startCrashRig(): Promise<CrashRig> {
  const sim = await startSimulator({ seed: 11 });
  const killedDir = await mkdtemp(join(tmpdir(), 'oi-crash-'));
  const referenceDir = await mkdtemp(join(tmpdir(), 'oi-crash-ref-'));
  return {
    sim,
    killedDir,
    referenceDir,
    args: (dir, mode, range, symbols, source = 'api') => [
      sim.url,
      dir,
      String(range.startMs),
      String(range.endMs),
      symbols.join(','),
      mode,
      source,
    ],
    close: async () => {
      await sim.close();
      await rm(killedDir, { recursive: true, force: true });
      await rm(referenceDir, { recursive: true, force: true });
    },
  };
}
