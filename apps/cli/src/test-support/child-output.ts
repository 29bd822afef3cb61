import type { ChildProcess } from 'node:child_process';

/** What an `oi` child process printed on stderr so far, and a way to wait for a line of it. */
export interface ChildOutput {
  readonly text: string;
  /** Resolves with the first match of `pattern`; rejects after `timeoutMs` real ms or when the child ends first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

/** Follows the stderr of a child started by `runOi` (call it from `onSpawn`). */
export function followStderr(child: ChildProcess): ChildOutput {
  let text = '';
  let ended = false;
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.on('close', () => {
    ended = true;
  });
  return {
    get text() {
      return text;
    },
    async waitFor(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(text);
        if (match !== null) return match;
        if (ended || Date.now() > deadline) {
          throw new Error(
            `no ${pattern} on stderr ${ended ? 'before the child ended' : `within ${timeoutMs} ms`}:\n${text}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}
