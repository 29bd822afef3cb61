import { constants } from 'node:os';

/** SIGINT and SIGTERM: what stops a command (Ctrl-C, `kill`, systemd, docker stop). */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** One of {@link STOP_SIGNALS}. */
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** The shell's exit code of a process a signal stopped: 128 + its number (130 SIGINT, 143 SIGTERM). */
export function signalExitCode(signal: StopSignal): number {
  return 128 + constants.signals[signal];
}

/** How long a command may take to stop after the first signal before the process leaves anyway. */
export const STOP_GRACE_MS = 5_000;

/** What {@link watchStopSignals} reports to the entry file. */
export interface StopSignalHandlers {
  /** The first signal: the commands' abort signal fires with it; work should stop within the grace time. */
  onStop(signal: StopSignal): void;
  /** A second signal, or the grace time over: the process must leave now with `exitCode`. */
  onForce(signal: StopSignal, reason: 'again' | 'timeout', exitCode: number): void;
}

/** The stop signals of one run: the abort signal commands watch, and which signal came, if one did. */
export interface StopSignals {
  readonly signal: AbortSignal;
  /** The first stop signal received, if any. */
  received(): StopSignal | undefined;
  /** Removes the process handlers. */
  dispose(): void;
}

/**
 * Turns SIGINT/SIGTERM of `source` (the process) into an AbortSignal for every command: the first one aborts it (reason: an
 * Error naming the signal), a second one or {@link STOP_GRACE_MS} without an exit forces one, with
 * the exit code of that signal, so no command outlives a stop request by more than the grace time.
 */
export function watchStopSignals(source: NodeJS.EventEmitter, handlers: StopSignalHandlers): StopSignals {
  const controller = new AbortController();
  let first: StopSignal | undefined;
  const listener = (name: NodeJS.Signals): void => {
    const signal = name as StopSignal;
    if (first !== undefined) {
      handlers.onForce(signal, 'again', signalExitCode(signal));
      return;
    }
    first = signal;
    handlers.onStop(signal);
    controller.abort(new Error(`${signal} received`));
    setTimeout(() => handlers.onForce(signal, 'timeout', signalExitCode(signal)), STOP_GRACE_MS).unref();
  };
  for (const name of STOP_SIGNALS) source.on(name, listener);
  return {
    signal: controller.signal,
    received: () => first,
    dispose: () => {
      for (const name of STOP_SIGNALS) source.off(name, listener);
    },
  };
}
