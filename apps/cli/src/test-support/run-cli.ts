import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const MAIN = new URL('../main.ts', import.meta.url).pathname;

/** What a CLI child process did. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runCli}. */
export interface RunCliOptions {
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** Called with the child so a test can send it signals. */
  readonly onSpawn?: (child: import('node:child_process').ChildProcess) => void;
}

/** The process environment minus anything that would change the CLI's configuration. */
export function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  const configVariables =
    /^(DATA_DIR|LOG_LEVEL|LOG_FORMAT|LOG_FILE_ENABLED|BINANCE_.*|(HTTP|HTTPS|SOCKS|NO)_PROXY|INIT_CWD|npm_.*)$/i;
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !configVariables.test(key)) env[key] = value;
  }
  return env;
}

/** Runs `node --conditions=@oi/source src/main.ts ...args` as a child process, as a user would. */
export function runCli(args: readonly string[], options: RunCliOptions): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@oi/source', '--', MAIN, ...args], {
      cwd: options.cwd,
      env: { ...cleanEnv(), ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`oi ${args.join(' ')} did not finish in time; stderr: ${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    options.onSpawn?.(child);
  });
}

/** A digest of every file name and content under `dir`, to prove a command left it untouched. */
export async function hashTree(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (current: string): Promise<void> => {
    const entries = (await readdir(current, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    for (const entry of entries) {
      const path = join(current, entry.name);
      hash.update(`${path}\n`);
      if (entry.isDirectory()) await walk(path);
      else hash.update(await readFile(path));
    }
  };
  await walk(dir);
  return hash.digest('hex');
}
