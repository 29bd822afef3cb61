import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryRelaunch } from '../../apps/cli/src/cli/memory-tuning.ts';

/** What a measured child process used. */
export interface ChildUsage {
  readonly exitCode: number | null;
  readonly wallMs: number;
  readonly maxRssBytes: number;
  readonly userCpuMs: number;
  readonly systemCpuMs: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link measureChild}. */
export interface MeasureChildOptions {
  /** The entry file: a TypeScript harness, or the built CLI (`OI_CLI` of oi-cli.ts). */
  readonly script: string;
  readonly args: readonly string[];
  /** Extra environment variables. */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /**
   * Run with `oi`'s memory settings (apps/cli/src/cli/memory-tuning.ts), for a harness that stands
   * for an `oi` command without going through its main.ts (which sets them itself).
   */
  readonly oiMemorySettings?: boolean;
}

/** A measured child that is still running. */
export interface MeasuredChild {
  readonly process: ChildProcess;
  /** The first line the child writes on stdout. */
  readonly firstLine: Promise<string>;
  /** Its usage, once it has exited. */
  readonly done: Promise<ChildUsage>;
}

const REPORT_USAGE = fileURLToPath(new URL('./report-usage.mjs', import.meta.url));

/**
 * Starts `node <script> <args>` (with `--conditions=@oi/source` for a TypeScript harness, so that
 * it loads the workspace's sources; the built CLI loads the built packages); its wall time, peak RSS
 * and CPU time are recorded by the child itself at exit, through the preloaded report-usage module,
 * which is JavaScript so that measuring loads no type stripper into a JavaScript child.
 */
export function spawnMeasured(options: MeasureChildOptions): MeasuredChild {
  const dir = mkdtempSync(join(tmpdir(), 'oi-bench-usage-'));
  const startedMs = performance.now();
  const launch = {
    execPath: process.execPath,
    execArgv: [
      ...(options.script.endsWith('.ts') ? ['--conditions=@oi/source'] : []),
      '--import',
      REPORT_USAGE,
    ],
    argv: [process.execPath, options.script, ...options.args],
    env: { ...process.env, ...options.env, OI_BENCH_USAGE_FILE: join(dir, 'usage.json') },
  };
  // The same relaunch oi's main.ts makes for itself (none when NODE_OPTIONS sizes the heap).
  const tuned = options.oiMemorySettings === true ? memoryRelaunch(launch) : undefined;
  const proc = spawn(
    process.execPath,
    tuned?.args.slice(1) ?? [...launch.execArgv, '--', ...launch.argv.slice(1)],
    { cwd: options.cwd ?? process.cwd(), env: tuned?.env ?? launch.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  let resolveLine: (line: string) => void = () => {};
  const firstLine = new Promise<string>((resolve) => {
    resolveLine = resolve;
  });
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const end = stdout.indexOf('\n');
    if (end >= 0) resolveLine(stdout.slice(0, end));
  });
  proc.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const done = (async (): Promise<ChildUsage> => {
    try {
      const exitCode = await new Promise<number | null>((resolve, reject) => {
        proc.once('error', reject);
        proc.once('close', (code) => resolve(code));
      });
      resolveLine('');
      const wallMs = performance.now() - startedMs;
      const usage = JSON.parse(await readFile(join(dir, 'usage.json'), 'utf8')) as {
        maxRssBytes: number;
        userCpuMs: number;
        systemCpuMs: number;
      };
      return { exitCode, wallMs, ...usage, stdout, stderr };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })();
  return { process: proc, firstLine, done };
}

/** Runs a child to its end and returns what it used. */
export function measureChild(options: MeasureChildOptions): Promise<ChildUsage> {
  return spawnMeasured(options).done;
}
