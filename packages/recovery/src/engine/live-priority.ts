// Live ticks come first in a process: while one runs (from shortly before its minute until its rows
// are written), the history patrol's work (CPU, the file system's thread pool, the disk) waits, so a
// tick's rows are on disk soon after its minute.
// The state is the process's own on purpose: every market's collector in one process shares the
// same CPU and disk, so a COIN-M tick holds back the USDⓈ-M patrol as much as its own.

let running = 0;
let idle: { readonly promise: Promise<void>; readonly resolve: () => void } | undefined;

/** Marks a live tick as running (or about to start) in this process until the returned function is called (once). */
export function beginLiveTick(): () => void {
  running += 1;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    running -= 1;
    if (running === 0 && idle !== undefined) {
      const { resolve } = idle;
      idle = undefined;
      resolve();
    }
  };
}

/**
 * Undefined when no live tick runs in this process, so work that yields costs nothing then;
 * otherwise a promise that resolves when the last running tick ends (a tick ends by its minute's end
 * at the latest).
 */
export function liveTicksRunning(): Promise<void> | undefined {
  if (running === 0) return undefined;
  if (idle === undefined) {
    let resolve: () => void = () => {};
    const promise = new Promise<void>((done) => {
      resolve = done;
    });
    idle = { promise, resolve };
  }
  return idle.promise;
}
