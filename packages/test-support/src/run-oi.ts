import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The CLI entry, run from source as a user's `oi` would run the build. */
export const OI_MAIN = fileURLToPath(new URL('../../../apps/cli/src/main.ts', import.meta.url));

/** What an `oi` child process did. */
export interface OiRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runOi}. */
export interface RunOiOptions {
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Killed with SIGKILL after this long (the run then resolves with signal SIGKILL). @default 60_000 */
  readonly timeoutMs?: number;
  /** Receives the child, e.g. to kill it at a chosen moment. */
  readonly onSpawn?: (child: ChildProcess) => void;
  /** Run as this user and group (needs root): file permissions then apply, as they do to users. */
  readonly user?: { readonly uid: number; readonly gid: number };
}

// Every run gets a rate-budget ledger of its own unless the case names one (OI_BUDGET_DIR): the
// host-wide default would let one test's pauses and bans, keyed by a simulator port that a later
// test may reuse, reach unrelated tests. The folders go when the test process ends.
const ledgerRoot = mkdtempSync(join(tmpdir(), 'oi-test-budget-'));
process.once('exit', () => rmSync(ledgerRoot, { recursive: true, force: true }));

/**
 * The environment without anything that configures `oi`, so each case states its own: config
 * variables (`OI_*` included), and the package-manager variables that make the CLI resolve paths
 * from INIT_CWD. It names a fresh rate-budget ledger folder.
 */
export function neutralEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  const configVariables =
    /^(DATA_DIR|LOG_LEVEL|LOG_FORMAT|LOG_FILE_ENABLED|BINANCE_.*|OI_.*|(HTTP|HTTPS|SOCKS|NO)_PROXY|INIT_CWD|npm_.*)$/i;
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !configVariables.test(key)) env[key] = value;
  }
  env['OI_BUDGET_DIR'] = mkdtempSync(join(ledgerRoot, 'run-'));
  return env;
}

/** Runs `oi <args>` as a child process. */
export function runOi(args: readonly string[], options: RunOiOptions): Promise<OiRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@oi/source', '--', OI_MAIN, ...args], {
      cwd: options.cwd,
      env: { ...neutralEnv(), ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.user === undefined ? {} : { uid: options.user.uid, gid: options.user.gid }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    options.onSpawn?.(child);
  });
}

/**
 * A digest of every path and file content under `dir`: equal before and after means untouched.
 * Paths `skip` accepts (e.g. a derived cache) are left out.
 */
export async function hashTree(dir: string, skip: (path: string) => boolean = () => false): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (current: string): Promise<void> => {
    const entries = (await readdir(current, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (skip(path)) continue;
      hash.update(`${path}\n`);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) hash.update(await readFile(path));
    }
  };
  await walk(dir);
  return hash.digest('hex');
}
