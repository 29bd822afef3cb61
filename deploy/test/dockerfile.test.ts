// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the Dockerfile's ${VARIABLES}, not template strings, are what these tests read
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envOf, instructionsOf, lastOf, parseDockerfile, parseHealthcheck } from './support/dockerfile.ts';
import { readRepoFile } from './support/repo.ts';

const dockerfile = parseDockerfile(readRepoFile('Dockerfile'));
const final = dockerfile.stages.at(-1)!;
const build = dockerfile.stages.find((stage) => stage.name === 'build')!;
const rootManifest = JSON.parse(readRepoFile('package.json')) as { packageManager: string };
const cliManifest = JSON.parse(readRepoFile('apps/cli/package.json')) as { bin: Record<string, string> };
const NODE_24_SLIM = /^node:24(\.\d+){0,2}-(bookworm|trixie)-slim$/;

describe('Dockerfile', () => {
  it('builds in a stage of its own and runs on Node 24 slim', () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    expect(build).toBeDefined();
    expect(build.base).toMatch(NODE_24_SLIM);
    expect(final.base).toMatch(NODE_24_SLIM);
    const names = dockerfile.stages.map((stage) => stage.name).filter((name) => name !== undefined);
    expect(new Set(names).size).toBe(names.length);
  });

  it('copies from earlier stages only', () => {
    for (const stage of dockerfile.stages) {
      for (const copy of instructionsOf(stage, 'COPY')) {
        const from = copy.flags['from'];
        if (from === undefined) continue;
        const source = dockerfile.stages.find(
          (other) => other.name === from.toLowerCase() || String(other.index) === from,
        );
        expect(source, `line ${copy.line}: COPY --from=${from}`).toBeDefined();
        expect(source!.index, `line ${copy.line}: COPY --from=${from}`).toBeLessThan(stage.index);
      }
    }
    expect(instructionsOf(final, 'COPY').some((copy) => copy.flags['from'] === build.name)).toBe(true);
  });

  it('installs the pnpm of package.json, from the lockfile, and deploys the CLI without dev dependencies', () => {
    const pnpmVersion = /^pnpm@(.+)$/.exec(rootManifest.packageManager)?.[1];
    const arg = instructionsOf(build, 'ARG').find((instruction) =>
      instruction.raw.startsWith('PNPM_VERSION='),
    );
    expect(arg?.raw).toBe(`PNPM_VERSION=${pnpmVersion}`);
    const runs = instructionsOf(build, 'RUN').map((run) => run.raw);
    expect(runs.some((run) => run.includes('pnpm@${PNPM_VERSION}'))).toBe(true);
    expect(runs).toContain('pnpm install --offline --frozen-lockfile');
    const deploy = runs.find((run) => / deploy /.test(run));
    expect(deploy).toMatch(/^pnpm --filter cli --prod deploy --legacy \/\S+$/);
  });

  it('keeps the deployed CLI at /app, started by the CLI bin through node, with collect as the default command', () => {
    const deployTarget = instructionsOf(build, 'RUN')
      .map((run) => run.args)
      .find((args) => args.includes('deploy'))
      ?.at(-1);
    const copy = instructionsOf(final, 'COPY').find(
      (instruction) => instruction.flags['from'] === build.name,
    );
    expect(copy?.args).toEqual([deployTarget, '/app']);
    expect(lastOf(final, 'WORKDIR')?.args).toEqual(['/app']);
    const entrypoint = lastOf(final, 'ENTRYPOINT');
    expect(entrypoint?.execForm).toBe(true);
    expect(entrypoint?.args).toEqual(['node', posix.join('/app', cliManifest.bin['oi'] ?? '')]);
    expect(entrypoint?.args).toEqual(['node', '/app/dist/main.js']);
    expect(lastOf(final, 'CMD')).toMatchObject({ execForm: true, args: ['collect'] });
  });

  it('runs as a user that is not root', () => {
    const user = lastOf(final, 'USER')?.args[0];
    expect(user).toBeDefined();
    expect(user?.split(':')[0]).not.toMatch(/^(root|0)$/);
    // The user is set before anything that starts the program, and nothing after it runs as root.
    const userLine = lastOf(final, 'USER')!.line;
    expect(lastOf(final, 'ENTRYPOINT')!.line).toBeGreaterThan(userLine);
    expect(instructionsOf(final, 'RUN').every((run) => run.line < userLine)).toBe(true);
  });

  it('keeps data in the /data volume, and probes /healthz on the metrics port with node', () => {
    const env = envOf(final);
    expect(env['DATA_DIR']).toBe('/data');
    const volumes = lastOf(final, 'VOLUME');
    expect(volumes?.execForm).toBe(true);
    expect(volumes?.args).toContain('/data');
    expect(volumes?.args).toContain(env['OI_BUDGET_DIR']);

    const port = env['OI_METRICS_PORT'];
    expect(port).toMatch(/^\d+$/);
    expect(lastOf(final, 'EXPOSE')?.args).toEqual([port]);
    // Inside a container the server must listen beyond loopback for a published port to reach it.
    expect(env['OI_METRICS_HOST']).toBe('0.0.0.0');

    const healthcheck = parseHealthcheck(lastOf(final, 'HEALTHCHECK')!);
    expect(Object.keys(healthcheck.options).sort()).toEqual([
      'interval',
      'retries',
      'start-period',
      'timeout',
    ]);
    const [program, flag, script] = healthcheck.command;
    expect([program, flag]).toEqual(['node', '-e']);
    expect(script).toContain("'http://127.0.0.1:' + process.env.OI_METRICS_PORT + '/healthz'");
  });
});
