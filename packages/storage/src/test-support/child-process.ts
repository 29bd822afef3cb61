import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** Starts a test-support script with node, resolving workspace packages to their sources. */
export function spawnSupportScript(script: string, args: readonly string[]): ChildProcess {
  const path = fileURLToPath(new URL(script, import.meta.url));
  return spawn(process.execPath, ['--conditions=@oi/source', path, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Starts a test-support script as the child of `unreaping-parent.ts`, which does not reap it until
 * its stdin ends: once killed, the script stays a zombie until then. End the returned process's
 * stdin (after killing the script) and it exits.
 */
export function spawnUnreapedSupportScript(script: string, args: readonly string[]): ChildProcess {
  const parent = fileURLToPath(new URL('./unreaping-parent.ts', import.meta.url));
  const path = fileURLToPath(new URL(script, import.meta.url));
  return spawn(process.execPath, ['--conditions=@oi/source', parent, path, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Resolves with the first stdout line matching `pattern`; rejects if the child exits first. */
export function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let stderr = '';
    const onData = (data: Buffer): void => {
      buffered += data.toString('utf8');
      for (const line of buffered.split('\n')) {
        if (pattern.test(line)) {
          child.stdout?.off('data', onData);
          resolve(line);
          return;
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (data: Buffer) => {
      stderr += data.toString('utf8');
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`child exited (${code ?? signal}) first: ${stderr}`)),
    );
  });
}

/** Sends SIGKILL and waits until the child is gone. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}
