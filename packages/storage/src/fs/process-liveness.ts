import { readFile } from 'node:fs/promises';

// The state letter of a Linux process sits after the last `)` of /proc/<pid>/stat (the command
// name in parentheses may itself hold spaces and parentheses).
function stateOf(stat: string): string | undefined {
  const close = stat.lastIndexOf(')');
  return close === -1 ? undefined : stat.slice(close + 1).trim()[0];
}

/**
 * True when process `pid` on this host is running. A zombie (killed or exited, but not yet reaped
 * by its parent) still answers signals, yet it will never write again, so on Linux it counts as
 * dead (state `Z` or `X` in /proc/<pid>/stat). Elsewhere only `kill(pid, 0)` tells.
 */
export async function isProcessAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (process.platform !== 'linux') return true;
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    // Gone between the two checks; any other failure leaves the answer of kill(pid, 0).
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
  const state = stateOf(stat);
  return state !== 'Z' && state !== 'X';
}
