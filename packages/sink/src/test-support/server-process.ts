import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { accessSync, constants, openSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The first executable named `name` on PATH or in `extraDirs`, or undefined. */
export function findExecutable(name: string, extraDirs: readonly string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extraDirs].filter((dir) => dir !== '');
  for (const dir of dirs) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {}
  }
  return undefined;
}

/** Subfolders of `dir`, or none when it does not exist. */
export function listDirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

/** uid and gid of a system user, from `id`. */
export async function lookupUser(name: string): Promise<{ uid: number; gid: number }> {
  const uid = await execFileAsync('id', ['-u', name]);
  const gid = await execFileAsync('id', ['-g', name]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Options of runToEnd and startServer: who runs the program. */
export interface RunAs {
  readonly uid?: number;
  readonly gid?: number;
}

/** Runs a program to its end; throws with its output when it fails. */
export async function runToEnd(file: string, args: readonly string[], runAs: RunAs = {}): Promise<void> {
  try {
    await execFileAsync(file, [...args], { ...runAs, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${file} failed: ${String(error)}\n${stdout}\n${stderr}`);
  }
}

/** A server process started by startServer. */
export interface ServerProcess {
  readonly child: ChildProcess;
  /** Stops it with `signal` and waits for its exit (SIGKILL after 30 s). */
  stop(signal: NodeJS.Signals): Promise<void>;
}

/** Starts a long-running server whose output goes to `logPath`, then waits until `ready()` resolves true. */
export async function startServer(
  file: string,
  args: readonly string[],
  logPath: string,
  ready: () => Promise<boolean>,
  runAs: RunAs = {},
): Promise<ServerProcess> {
  const log = openSync(logPath, 'a');
  const child = spawn(file, [...args], { ...runAs, stdio: ['ignore', log, log] });
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
  });
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (exited) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exit;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) {
      const text = await readFile(logPath, 'utf8').catch(() => '');
      throw new Error(`${file} exited during startup; its log ends with:\n${text.slice(-3000)}`);
    }
    if (await ready().catch(() => false)) return { child, stop };
    if (Date.now() > deadline) {
      await stop('SIGKILL');
      throw new Error(`${file} did not accept connections within 90 s; see ${logPath}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
