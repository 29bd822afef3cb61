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
  // A preload (in NODE_OPTIONS, which a relaunch keeps) notes each process image that starts.
  const notePreload = (file: string): string =>
    `import { appendFileSync } from 'node:fs'; import v8 from 'node:v8';\n` +
    `process.on('exit', () => appendFileSync(${JSON.stringify(file)}, JSON.stringify({ pid: process.pid, ` +
    `execArgv: process.execArgv, arena: process.env.MALLOC_ARENA_MAX, newSpace: v8.getHeapSpaceStatistics()` +
    `.find((space) => space.space_name === 'new_space').space_size }) + '\\n'));\n`;

  async function imagesOf(nodeOptions: string): Promise<{ code: number | null; images: Image[] }> {
    const dir = await mkdtemp(join(tmpdir(), 'oi-memory-'));
    const notes = join(dir, 'images.jsonl');
    await writeFile(join(dir, 'note.mjs'), notePreload(notes));
    const run = await runOi(['--version'], {
      cwd: dir,
      env: { NODE_OPTIONS: `--import ${join(dir, 'note.mjs')} ${nodeOptions}` },
    });
    const images = (await readFile(notes, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Image);
    await rm(dir, { recursive: true, force: true });
    return { code: run.code, images };
  }

  interface Image {
    pid: number;
    execArgv: string[];
    arena?: string;
    newSpace: number;
  }

  it('oi starts itself over in place with a small young generation and two malloc arenas', async () => {
    const { code, images } = await imagesOf('');
    expect(code).toBe(0);
    // Only the relaunched image reaches exit; the first is replaced by execve, same pid.
    expect(images).toHaveLength(1);
    const [image] = images;
    expect(image?.execArgv).toEqual(expect.arrayContaining([...MEMORY_FLAGS]));
    expect(image?.arena).toBe('2');
    // 2 semi-spaces of at most 2 MB (V8's default here grows to 128 MB).
    expect(image?.newSpace).toBeLessThanOrEqual(6 * 2 ** 20);
  });

  it("a young-generation size in NODE_OPTIONS is the user's choice: no relaunch", async () => {
    const { code, images } = await imagesOf('--max-semi-space-size=8');
    expect(code).toBe(0);
    expect(images).toHaveLength(1);
    expect(images[0]?.execArgv).not.toContain(MEMORY_FLAGS[0]);
    expect(images[0]?.arena).toBeUndefined();
  });
});
