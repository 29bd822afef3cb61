import type { OiRun } from '@oi/test-support';
import { expect } from 'vitest';

/** The `oi: error:` lines of a run's stderr. */
export function errorLines(run: OiRun): string[] {
  return run.stderr.split('\n').filter((line) => line.startsWith('oi: error: '));
}

/**
 * Checks how a run ended: its exit code (not a signal), exactly one `oi: error:` line matching
 * `pattern`, and no stack trace anywhere on stderr.
 */
export function expectOneErrorLine(run: OiRun, code: number, pattern: RegExp): void {
  expect(run.signal, run.stderr).toBeNull();
  expect(run.code, run.stderr).toBe(code);
  const lines = errorLines(run);
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

/** Paths of derived state a read-only command may refresh (the coverage cache, the writer's lock and journal). */
export const isStateFile = (path: string): boolean => /\/state(\/|$)/.test(path);
