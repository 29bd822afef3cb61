import { describe, expect, it } from 'vitest';
import { type LaunchFacts, MEMORY_FLAGS, memoryRelaunch, relaunchWithMemoryFlags } from './memory-tuning.ts';

const facts: LaunchFacts = {
  execPath: '/usr/bin/node',
  execArgv: ['--conditions=@oi/source'],
  argv: ['/usr/bin/node', '/app/main.js', 'backfill', '--', '--env-file', 'x'],
  env: { PATH: '/bin', HOME: '/root', EMPTY: undefined },
};

describe('memoryRelaunch', () => {
  it('starts node over with the memory flags, its own options and the same script arguments', () => {
    const relaunch = memoryRelaunch(facts);
    expect(relaunch?.file).toBe('/usr/bin/node');
    expect(relaunch?.args).toEqual([
      '/usr/bin/node',
      ...MEMORY_FLAGS,
      '--conditions=@oi/source',
      '--',
      '/app/main.js',
      'backfill',
      '--',
      '--env-file',
      'x',
    ]);
    expect(relaunch?.env).toEqual({
      PATH: '/bin',
      HOME: '/root',
      MALLOC_ARENA_MAX: '2',
      MALLOC_MMAP_THRESHOLD_: '131072',
    });
  });

  it('keeps the malloc settings the user set', () => {
    expect(
      memoryRelaunch({ ...facts, env: { MALLOC_ARENA_MAX: '8', MALLOC_MMAP_THRESHOLD_: '65536' } })?.env,
    ).toEqual({ MALLOC_ARENA_MAX: '8', MALLOC_MMAP_THRESHOLD_: '65536' });
  });

  it('does nothing once the flags are there, or when the user sized the young generation', () => {
    expect(memoryRelaunch({ ...facts, execArgv: [...MEMORY_FLAGS, ...facts.execArgv] })).toBeUndefined();
    expect(memoryRelaunch({ ...facts, execArgv: ['--max-semi-space-size=16'] })).toBeUndefined();
    expect(memoryRelaunch({ ...facts, env: { NODE_OPTIONS: '--max-semi-space-size=16' } })).toBeUndefined();
  });
});

describe('relaunchWithMemoryFlags', () => {
  it('calls execve with the relaunch, and returns without one when the platform has none', () => {
    const calls: unknown[] = [];
    const execve = ((file: string, args: readonly string[], env: Record<string, string>) => {
      calls.push({ file, args, env });
      return undefined as never;
    }) as Parameters<typeof relaunchWithMemoryFlags>[1];
    relaunchWithMemoryFlags(facts, execve);
    expect(calls).toEqual([memoryRelaunch(facts)]);
    relaunchWithMemoryFlags({ ...facts, execArgv: [...MEMORY_FLAGS] }, execve);
    expect(calls).toHaveLength(1);
    expect(() => relaunchWithMemoryFlags(facts, undefined)).not.toThrow();
  });
});
