import type { SimClock } from './clock.ts';

/** A discrete-event clock: time stands still until `advance` (or, with `auto`, idleness) moves it. */
export interface VirtualClock extends SimClock {
  /** Moves time forward by `ms`, firing due timers in order and letting woken code run between them. */
  advance(ms: number): Promise<void>;
  /** Number of sleeps waiting for their time. */
  pendingTimers(): number;
}

/** Options of {@link createVirtualClock}. */
export interface VirtualClockOptions {
  /** Initial epoch milliseconds. @default Date.UTC(2026, 0, 15) */
  startMs?: number;
  /** Real milliseconds without any clock call or open hold after which `auto` moves time. @default 5 */
  settleMs?: number;
  /** Advance to the earliest timer by itself whenever the process has been idle for `settleMs`. @default true */
  auto?: boolean;
}

interface Timer {
  readonly atMs: number;
  readonly order: number;
  readonly resolve: () => void;
  readonly cleanup: () => void;
}

/** The default start of a virtual clock: a fixed instant, so runs are reproducible. */
export const DEFAULT_VIRTUAL_START_MS = Date.UTC(2026, 0, 15);

/**
 * Creates a virtual clock. Manual `advance` waits for open holds to be released before each step, so
 * work in progress always finishes at the instant it started; with `auto`, time jumps to the earliest
 * timer once no hold is open and no clock call happened for `settleMs` real milliseconds.
 */
export function createVirtualClock(options: VirtualClockOptions = {}): VirtualClock {
  let nowMs = options.startMs ?? DEFAULT_VIRTUAL_START_MS;
  const settleMs = options.settleMs ?? 5;
  const auto = options.auto ?? true;
  const timers: Timer[] = [];
  let nextOrder = 0;
  let openHolds = 0;
  let lastCallReal = performance.now();
  let watcher: NodeJS.Timeout | undefined;
  let holdWaiters: (() => void)[] = [];

  const touch = (): void => {
    lastCallReal = performance.now();
    armWatcher();
  };

  function armWatcher(): void {
    if (!auto || watcher !== undefined || timers.length === 0 || openHolds > 0) return;
    watcher = setTimeout(onWatcher, settleMs);
  }

  function onWatcher(): void {
    watcher = undefined;
    if (openHolds > 0 || timers.length === 0) return;
    const idleMs = performance.now() - lastCallReal;
    if (idleMs < settleMs) {
      watcher = setTimeout(onWatcher, Math.max(1, Math.ceil(settleMs - idleMs)));
      return;
    }
    const first = timers[0];
    if (first === undefined) return;
    if (first.atMs > nowMs) nowMs = first.atMs;
    fireDue();
    lastCallReal = performance.now();
    armWatcher();
  }

  /** Fires every timer due at the current instant, in (time, registration) order. */
  function fireDue(): void {
    while (timers.length > 0 && timers[0]!.atMs <= nowMs) {
      const timer = timers.shift()!;
      timer.cleanup();
      timer.resolve();
    }
  }

  function insert(timer: Timer): void {
    let index = timers.length;
    while (index > 0) {
      const before = timers[index - 1]!;
      if (before.atMs < timer.atMs || (before.atMs === timer.atMs && before.order < timer.order)) break;
      index -= 1;
    }
    timers.splice(index, 0, timer);
  }

  async function waitForHolds(): Promise<void> {
    while (openHolds > 0) {
      await new Promise<void>((resolve) => holdWaiters.push(resolve));
    }
  }

  return {
    now(): number {
      touch();
      return nowMs;
    },
    sleep(ms: number, signal?: AbortSignal): Promise<void> {
      touch();
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const onAbort = (): void => {
          const index = timers.indexOf(timer);
          if (index >= 0) timers.splice(index, 1);
          touch();
          reject(signal?.reason);
        };
        const timer: Timer = {
          atMs: nowMs + Math.max(0, Number.isFinite(ms) ? ms : 0),
          order: nextOrder++,
          resolve,
          cleanup: () => signal?.removeEventListener('abort', onAbort),
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        insert(timer);
        armWatcher();
      });
    },
    hold(): () => void {
      touch();
      openHolds += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        openHolds -= 1;
        if (openHolds === 0) {
          const waiters = holdWaiters;
          holdWaiters = [];
          for (const wake of waiters) wake();
        }
        touch();
      };
    },
    async advance(ms: number): Promise<void> {
      const targetMs = nowMs + Math.max(0, ms);
      for (;;) {
        await waitForHolds();
        const first = timers[0];
        if (first === undefined || first.atMs > targetMs) break;
        if (first.atMs > nowMs) nowMs = first.atMs;
        fireDue();
        // A macrotask turn lets woken code run and register its next timers before the next step.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (targetMs > nowMs) nowMs = targetMs;
      touch();
    },
    pendingTimers(): number {
      return timers.length;
    },
  };
}
