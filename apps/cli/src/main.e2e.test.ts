import { tmpdir } from 'node:os';
import { runOi } from '@oi/test-support';
import { describe, expect, it } from 'vitest';
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
