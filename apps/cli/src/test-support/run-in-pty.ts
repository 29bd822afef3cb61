import { spawn } from 'node:child_process';
import { neutralEnv, OI_MAIN } from '@oi/test-support';

/** One step of a terminal conversation: wait until the screen shows `waitFor`, then type `send`. */
export interface PtyStep {
  readonly waitFor: RegExp;
  readonly send: string;
}

/** Keys as a terminal sends them. */
export const KEYS = { down: '\u001b[B', enter: '\r' } as const;

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * Runs the CLI inside a real pseudo-terminal (util-linux `script`), so stdin and stdout are TTYs, and
 * plays `steps` against what it prints. Resolves with the exit code and everything the terminal showed.
 */
export function runInPty(
  args: readonly string[],
  options: { readonly cwd: string; readonly steps: readonly PtyStep[]; readonly timeoutMs?: number },
): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, '--conditions=@oi/source', '--', OI_MAIN, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: options.cwd,
      env: { ...neutralEnv(), TERM: 'xterm', COLUMNS: '120', LINES: '40' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    let step = 0;
    let consumed = 0;
    const advance = () => {
      while (step < options.steps.length) {
        const current = options.steps[step]!;
        const rest = screen.slice(consumed);
        const match = current.waitFor.exec(rest);
        if (!match) return;
        consumed += match.index + match[0].length;
        step += 1;
        child.stdin.write(current.send);
      }
    };
    const onData = (chunk: Buffer) => {
      screen += chunk.toString('utf8');
      advance();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`pty run timed out at step ${step}; screen:\n${screen}`));
    }, options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}
