import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { type StopSignal, signalExitCode, watchStopSignals } from './stop-signals.ts';

describe('stop signals', () => {
  it('exit codes are 128 + the signal number', () => {
    expect(signalExitCode('SIGINT')).toBe(130);
    expect(signalExitCode('SIGTERM')).toBe(143);
  });

  it('the first signal aborts the commands, a second one forces the exit with its code', () => {
    const source = new EventEmitter();
    const stopped: StopSignal[] = [];
    const forced: [StopSignal, string, number][] = [];
    const stops = watchStopSignals(source, {
      onStop: (signal) => stopped.push(signal),
      onForce: (signal, reason, exitCode) => forced.push([signal, reason, exitCode]),
    });
    expect(stops.signal.aborted).toBe(false);
    source.emit('SIGTERM', 'SIGTERM');
    expect(stops.signal.aborted).toBe(true);
    expect((stops.signal.reason as Error).message).toBe('SIGTERM received');
    expect(stops.received()).toBe('SIGTERM');
    expect(stopped).toEqual(['SIGTERM']);
    source.emit('SIGINT', 'SIGINT');
    expect(forced).toEqual([['SIGINT', 'again', 130]]);
    stops.dispose();
    expect(source.listenerCount('SIGINT') + source.listenerCount('SIGTERM')).toBe(0);
  });
});
