// Parent process for zombie tests: starts a test-support script (argv[2], with its arguments), then
// blocks its own event loop on a synchronous read of stdin. Node reaps children only from the event
// loop, so a killed child stays a zombie meanwhile. At the end of stdin the loop runs again, reaps
// the child, and this process exits once the child is gone: nothing is left behind.
import { spawn } from 'node:child_process';
import { readSync } from 'node:fs';

const [script, ...args] = process.argv.slice(2);
if (script === undefined) throw new Error('usage: unreaping-parent.ts <script> [args...]');
spawn(process.execPath, ['--conditions=@oi/source', script, ...args], {
  stdio: ['ignore', 'inherit', 'inherit'],
});
const buffer = Buffer.alloc(64);
const pause = new Int32Array(new SharedArrayBuffer(4));
for (;;) {
  try {
    if (readSync(0, buffer) === 0) break;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    Atomics.wait(pause, 0, 0, 10);
  }
}
