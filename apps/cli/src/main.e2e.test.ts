import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOi } from '@oi/test-support';
import { describe, expect, it } from 'vitest';
import { MEMORY_FLAGS } from './cli/memory-tuning.ts';
import { parseJson, useE2eWorld } from './test-support/e2e.ts';

const world = useE2eWorld({ seedYesterday: true });

describe('main', () => {
  it('run as the package start script, resolves relative paths from where pnpm was run', async () => {
    // `pnpm --filter cli start` runs in apps/cli; INIT_CWD is the user's directory.
    const run = await runOi(['stats', '--data-dir', 'data', '--json'], {
      cwd: tmpdir(),
      env: { INIT_CWD: world.cwd, npm_lifecycle_event: 'start', npm_package_name: 'cli' },
    });
    expect(run.code).toBe(0);
    expect((parseJson(run.stdout) as { total: { rows: number } }).total.rows).toBe(576);
  });
});

describe('memory settings', () => {
  /** What the preload notes of a process image: once when it starts, once when it exits. */
  interface ImageNote {
    stage: 'start' | 'exit';
    pid: number;
    execArgv: string[];
    arena?: string;
    mmapThreshold?: string;
    newSpace: number;
  }

  // A preload (in NODE_OPTIONS, which a relaunch keeps) notes each process image that starts and ends.
  const notePreload = (file: string): string =>
    `import { appendFileSync } from 'node:fs'; import v8 from 'node:v8';\n` +
    `const note = (stage) => appendFileSync(${JSON.stringify(file)}, JSON.stringify({ stage, pid: process.pid, ` +
    `execArgv: process.execArgv, arena: process.env.MALLOC_ARENA_MAX, mmapThreshold: process.env.MALLOC_MMAP_THRESHOLD_, newSpace: v8.getHeapSpaceStatistics()` +
    `.find((space) => space.space_name === 'new_space').space_size }) + '\\n');\n` +
    `note('start'); process.on('exit', () => note('exit'));\n`;

  async function notesOf(nodeOptions: string): Promise<{ code: number | null; notes: ImageNote[] }> {
    const dir = await mkdtemp(join(tmpdir(), 'oi-memory-'));
    const file = join(dir, 'images.jsonl');
    await writeFile(join(dir, 'note.mjs'), notePreload(file));
    // `stats` on a stored day loads the command line and reads files: the young generation fills.
    const run = await runOi(['stats', '--data-dir', join(world.cwd, 'data')], {
      cwd: dir,
      env: { NODE_OPTIONS: `--import ${join(dir, 'note.mjs')} ${nodeOptions}` },
    });
    const notes = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as ImageNote);
    await rm(dir, { recursive: true, force: true });
    return { code: run.code, notes };
  }

  it('oi starts itself over in place with a small young generation, two malloc arenas and a fixed mmap threshold', async () => {
    const { code, notes } = await notesOf('');
    expect(code).toBe(0);
    // Two images start in one process (execve keeps the pid); only the second one exits.
    expect(notes.map((note) => note.stage)).toEqual(['start', 'start', 'exit']);
    expect(new Set(notes.map((note) => note.pid)).size).toBe(1);
    expect(notes[0]?.execArgv).not.toContain(MEMORY_FLAGS[0]);
    const image = notes[2];
    expect(image?.execArgv).toEqual(expect.arrayContaining([...MEMORY_FLAGS]));
    expect(image?.arena).toBe('2');
    expect(image?.mmapThreshold).toBe('131072');
    // 2 semi-spaces of at most 2 MB.
    expect(image?.newSpace).toBeLessThanOrEqual(6 * 2 ** 20);
  });

  it("a young-generation size in NODE_OPTIONS is the user's choice: no relaunch", async () => {
    const { code, notes } = await notesOf('--max-semi-space-size=16');
    expect(code).toBe(0);
    expect(notes.map((note) => note.stage)).toEqual(['start', 'exit']);
    expect(notes[1]?.execArgv).not.toContain(MEMORY_FLAGS[0]);
    expect(notes[1]?.arena).toBeUndefined();
    // The user's size is what V8 used: the same run outgrows the tuned young generation.
    expect(notes[1]?.newSpace).toBeGreaterThan(6 * 2 ** 20);
  });
});
