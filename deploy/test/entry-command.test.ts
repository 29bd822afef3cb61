import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, realpathSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { createCollectorMetrics, startMetricsServer } from '@oi/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envOf, instructionsOf, lastOf, parseDockerfile, parseHealthcheck } from './support/dockerfile.ts';
import { readRepoFile, repoRoot } from './support/repo.ts';

// No Docker engine here: the test plays the Dockerfile's build and copy steps on this machine, with
// the build stage's WORKDIR mapped to the repository and each stage's other absolute paths mapped
// into a scratch directory, then runs the image's exact ENTRYPOINT, CMD and HEALTHCHECK there.

const dockerfile = parseDockerfile(readRepoFile('Dockerfile'));
const build = dockerfile.stages.find((stage) => stage.name === 'build')!;
const final = dockerfile.stages.at(-1)!;
const buildWorkdir = lastOf(build, 'WORKDIR')!.args[0]!;
const scratch = mkdtempSync(join(tmpdir(), 'oi-image-'));
const execFileAsync = promisify(execFile);

/** Where a path of the build stage is on this machine. */
function buildPath(path: string): string {
  const inRepo = relative(buildWorkdir, path);
  return inRepo.startsWith('..') ? join(scratch, 'build', path) : join(repoRoot, inRepo);
}

/** Where a path of the final image is on this machine. */
function imagePath(path: string): string {
  return join(scratch, 'image', path);
}

/**
 * Runs a build step of the Dockerfile in the repository. Asynchronous: a step that blocked this
 * worker for a minute (pnpm deploy on a loaded machine) would time out vitest's own calls from it
 * and fail the run although every test passed.
 */
async function runChecked(command: string): Promise<void> {
  try {
    await execFileAsync('sh', ['-c', command], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const failed = error as { code?: unknown; stderr?: string };
    throw new Error(`${command} failed (${String(failed.code)}):\n${failed.stderr ?? ''}`);
  }
}

/** The image's ENV, its absolute paths (DATA_DIR, ...) mapped so that nothing touches this machine's /data. */
function imageEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(envOf(final)))
    env[name] = value.startsWith('/') ? imagePath(value) : value;
  return env;
}

interface Outcome {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command of the image (node first) in its WORKDIR with its ENV. Asynchronous: the health
 * check's child asks a server of this process, which must go on answering meanwhile.
 */
async function runInImage(command: readonly string[], env: Record<string, string> = {}): Promise<Outcome> {
  const [program, ...args] = command;
  expect(program).toBe('node');
  try {
    const { stdout, stderr } = await execFileAsync(
      process.execPath,
      args.map((arg) => (arg.startsWith('/') ? imagePath(arg) : arg)),
      {
        cwd: imagePath(lastOf(final, 'WORKDIR')!.args[0]!),
        env: { PATH: process.env['PATH'] ?? '', HOME: scratch, ...imageEnv(), ...env },
        timeout: 60_000,
      },
    );
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    return {
      status: typeof failed.code === 'number' ? failed.code : null,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? '',
    };
  }
}

beforeAll(async () => {
  // The CLI and what it depends on are built by turbo before this test (deploy depends on cli); run
  // by hand on a fresh clone, build them with the Dockerfile's own command.
  if (!existsSync(join(repoRoot, 'apps/cli/dist/main.js'))) {
    await runChecked(instructionsOf(build, 'RUN').find((run) => run.raw.includes(' run build'))!.raw);
  }
  const deploy = instructionsOf(build, 'RUN').find((run) => run.args.includes('deploy'))!;
  await runChecked([...deploy.args.slice(0, -1), buildPath(deploy.args.at(-1)!)].join(' '));
  for (const copy of instructionsOf(final, 'COPY')) {
    const [source, target] = copy.args;
    const from = copy.flags['from'] === undefined ? join(repoRoot, source!) : buildPath(source!);
    // Like COPY: symbolic links (pnpm's node_modules) are copied as links, not followed.
    cpSync(from, imagePath(target!), { recursive: true, verbatimSymlinks: true });
  }
}, 600_000);

// Two copies of the image's node_modules, some 13 000 files: removed without blocking the worker.
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
}, 600_000);

describe('the image entry command', () => {
  it('runs on the Node major of the image', () => {
    expect(final.base).toMatch(new RegExp(`^node:${process.versions.node.split('.')[0]}[-.]`));
  });

  it('starts the CLI: ENTRYPOINT --help and CMD --help exit 0', async () => {
    const entrypoint = lastOf(final, 'ENTRYPOINT')!.args;
    const help = await runInImage([...entrypoint, '--help']);
    expect([help.status, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toMatch(/^oi <command>/);
    expect(help.stdout).toContain('oi collect');

    const command = lastOf(final, 'CMD')!.args;
    const collectHelp = await runInImage([...entrypoint, ...command, '--help']);
    expect([collectHelp.status, collectHelp.stderr]).toEqual([0, '']);
    expect(collectHelp.stdout).toMatch(/^oi collect/);
  });

  it('finds its symbol list in the WORKDIR and its data directory in DATA_DIR', async () => {
    const entrypoint = lastOf(final, 'ENTRYPOINT')!.args;
    const shown = await runInImage([...entrypoint, 'config', 'show', '--json']);
    expect([shown.status, shown.stderr]).toEqual([0, '']);
    expect(shown.stdout).toContain(JSON.stringify(imagePath('/app/config/config.json')));
    expect(shown.stdout).toContain(JSON.stringify(imagePath(envOf(final)['DATA_DIR']!)));
  });

  it('holds everything it loads inside the image, nothing from the repository', () => {
    const modules = imagePath('/app/node_modules');
    const packages = readdirSync(modules).flatMap((name) =>
      name.startsWith('@') ? readdirSync(join(modules, name)).map((scoped) => `${name}/${scoped}`) : [name],
    );
    expect(packages).toContain('@oi/recovery');
    const outside = packages.filter(
      (name) => !realpathSync(join(modules, name)).startsWith(realpathSync(scratch)),
    );
    expect(outside).toEqual([]);
    // Production dependencies only: no test runner, no compiler.
    expect(packages).not.toContain('vitest');
    expect(packages).not.toContain('typescript');
  });

  it('HEALTHCHECK passes while /healthz answers 200 and fails on 503 or no server', async () => {
    const healthcheck = parseHealthcheck(lastOf(final, 'HEALTHCHECK')!).command;
    let nowMs = Date.UTC(2026, 0, 1);
    const metrics = createCollectorMetrics({ clock: { now: () => nowMs }, processMetrics: false });
    const server = await startMetricsServer({ port: 0, metrics });
    try {
      const port = String(server.port);
      expect((await runInImage(healthcheck, { OI_METRICS_PORT: port })).status).toBe(0);
      nowMs += 10 * 60_000;
      expect((await runInImage(healthcheck, { OI_METRICS_PORT: port })).status).toBe(1);
    } finally {
      await server.close();
    }
    expect((await runInImage(healthcheck, { OI_METRICS_PORT: String(server.port) })).status).toBe(1);
  });
});
