import { describe, expect, it } from 'vitest';
import { createTestContext } from '../../test-support/command-context.ts';
import { parseArgs, useConfiguredDirectory } from '../../test-support/parse-args.ts';

const cwd = useConfiguredDirectory();

describe('oi config show: the sink and the metrics server', () => {
  it('shows OI_SINK_URL with its credentials masked, and where each setting came from', async () => {
    const invocation = await parseArgs(['config', 'show', '--json'], cwd.path, {
      OI_SINK_URL: 'postgres://oi:s3cret@db.internal:5433/oi',
      OI_METRICS_PORT: '9464',
    });
    const result = await invocation.run(createTestContext());
    expect(JSON.stringify(result.data)).not.toContain('s3cret');
    expect(result.data).toMatchObject({
      config: expect.arrayContaining([
        {
          key: 'sinkUrl',
          value: 'postgres://***:***@db.internal:5433/oi',
          origin: 'env',
          from: 'OI_SINK_URL',
        },
        { key: 'metricsPort', value: 9464, origin: 'env', from: 'OI_METRICS_PORT' },
        { key: 'metricsHost', value: '127.0.0.1', origin: 'default', from: 'built-in default' },
      ]),
    });
    expect(result.text).toMatch(
      /^sinkUrl\s+postgres:\/\/\*\*\*:\*\*\*@db\.internal:5433\/oi {2}\[env: OI_SINK_URL\]$/m,
    );
  });

  it('shows no sink and no metrics port when none is set', async () => {
    const invocation = await parseArgs(['config', 'show'], cwd.path, { OI_METRICS_HOST: '0.0.0.0' });
    const result = await invocation.run(createTestContext());
    expect(result.text).toMatch(/^sinkUrl\s+\(not set\) {2}\[default: not set\]$/m);
    expect(result.text).toMatch(/^metricsPort\s+\(not set\) {2}\[default: not set\]$/m);
    expect(result.text).toMatch(/^metricsHost\s+0\.0\.0\.0 {2}\[env: OI_METRICS_HOST\]$/m);
  });
});
