import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { instructionsOf, parseDockerfile } from './support/dockerfile.ts';
import { isIgnored, readDockerignore } from './support/dockerignore.ts';
import { readRepoFile, repoRoot } from './support/repo.ts';

const patterns = readDockerignore(readRepoFile('.dockerignore'));

/** Every workspace package directory, from pnpm-workspace.yaml's globs (`dir` or `dir/*`). */
function workspaceDirs(): readonly string[] {
  const { packages } = parse(readRepoFile('pnpm-workspace.yaml')) as { packages: readonly string[] };
  return packages.flatMap((glob) =>
    glob.endsWith('/*')
      ? readdirSync(join(repoRoot, glob.slice(0, -2)), { withFileTypes: true })
          .filter(
            (entry) =>
              entry.isDirectory() &&
              existsSync(join(repoRoot, glob.slice(0, -2), entry.name, 'package.json')),
          )
          .map((entry) => `${glob.slice(0, -2)}/${entry.name}`)
      : [glob],
  );
}

describe('.dockerignore', () => {
  it.each([
    'node_modules',
    'node_modules/.pnpm/lock.yaml',
    'packages/client/node_modules/ky/package.json',
    'apps/cli/dist/main.js',
    'packages/metrics/reports/vitest.json',
    '.turbo/cache/x',
    'data',
    'data/open_interest/BTCUSDT/1m/BTCUSDT-oi-2026-01-01.csv',
    '.git/HEAD',
    '.tools/bin/node',
    '.env',
    'apps/cli/.env',
  ])('leaves %s out of the build context', (path) => {
    expect(isIgnored(path, patterns)).toBe(true);
  });

  it('keeps what the build needs: the manifests of every workspace package, sources, lockfile and config', () => {
    const needed = [
      'package.json',
      'pnpm-lock.yaml',
      'pnpm-workspace.yaml',
      'tsconfig.base.json',
      'config/config.json',
      'apps/cli/src/main.ts',
      ...workspaceDirs().flatMap((dir) => [`${dir}/package.json`, `${dir}/tsconfig.json`]),
    ];
    expect(needed.filter((path) => isIgnored(path, patterns))).toEqual([]);
  });

  it('keeps every file the Dockerfile copies from the context', () => {
    const copied = parseDockerfile(readRepoFile('Dockerfile'))
      .stages.flatMap((stage) => instructionsOf(stage, 'COPY'))
      .filter((copy) => copy.flags['from'] === undefined)
      .flatMap((copy) => copy.args.slice(0, -1))
      .filter((source) => source !== '.');
    expect(copied.length).toBeGreaterThan(0);
    for (const source of copied) {
      expect(existsSync(join(repoRoot, source)), source).toBe(true);
      expect(isIgnored(source, patterns), source).toBe(false);
    }
  });
});
