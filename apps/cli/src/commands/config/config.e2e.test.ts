import { runOi } from '@oi/test-support';
import { describe, expect, it } from 'vitest';
import { useE2eWorld } from '../../test-support/e2e.ts';

const world = useE2eWorld();

describe('oi config show', () => {
  it('names where each value came from and masks proxy passwords', async () => {
    const run = await runOi(['config', 'show', '--data-dir', 'x'], {
      cwd: world.cwd,
      env: { HTTPS_PROXY: 'http://user:s3cret@127.0.0.1:3128', LOG_LEVEL: 'warn' },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^symbols\s+BTCUSDT,ETHUSDT\s+\[config-file: .*config\.json\]$/m);
    expect(run.stdout).toMatch(/^dataDir\s+.*\/x\s+\[flag: --data-dir\]$/m);
    expect(run.stdout).toMatch(/^logLevel\s+warn\s+\[env: LOG_LEVEL\]$/m);
    expect(run.stdout).toMatch(
      /^httpsProxy\s+http:\/\/user:\*\*\*@127\.0\.0\.1:3128\s+\[env: HTTPS_PROXY\]$/m,
    );
    expect(run.stdout).not.toContain('s3cret');
  });
});
