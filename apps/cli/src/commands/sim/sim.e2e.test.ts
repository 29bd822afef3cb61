import { runOi } from '@oi/test-support';
import { describe, expect, it } from 'vitest';
import { useTemporaryDirectory } from '../../test-support/e2e.ts';

const directory = useTemporaryDirectory('oi-sim-');

describe('oi sim', () => {
  it('prints its URL at once and stops on SIGTERM', async () => {
    let url = '';
    const run = await runOi(['sim', '--port', '0', '--json'], {
      cwd: directory.path,
      onSpawn: (child) => {
        child.stdout?.on('data', async (chunk: Buffer) => {
          url = (JSON.parse(chunk.toString()) as { url: string }).url;
          const answer = await fetch(`${url}/fapi/v1/ping`);
          expect(answer.status).toBe(200);
          child.kill('SIGTERM');
        });
      },
    });
    expect(run.code).toBe(0);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
