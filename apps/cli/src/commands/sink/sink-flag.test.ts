import { isOiError } from '@oi/errors';
import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../errors/describe-failure.ts';
import { parseArgs, useConfiguredDirectory } from '../../test-support/parse-args.ts';
import type { CommonOptions } from '../common/index.ts';
import { requireSinkUrl, sinkUrlOf } from './sink-flag.ts';

const cwd = useConfiguredDirectory();
const ENV_URL = 'postgres://oi:envpw@127.0.0.1:5432/oi';
const FLAG_URL = 'mysql://oi:flagpw@127.0.0.1:3306/oi';

async function commonWith(env: Record<string, string>): Promise<CommonOptions> {
  return (await parseArgs(['config', 'show'], cwd.path, env)).common;
}

describe('--sink and OI_SINK_URL', () => {
  it.each([
    ['the flag over the environment', FLAG_URL, { OI_SINK_URL: ENV_URL }, FLAG_URL],
    ['the environment without the flag', undefined, { OI_SINK_URL: ENV_URL }, ENV_URL],
    ['none', undefined, {}, undefined],
  ])('%s', async (_name, flag, env, expected) => {
    expect(await sinkUrlOf(flag, await commonWith(env))).toBe(expected);
  });

  it.each([
    [
      'mysql://oi:s3cret@127.0.0.1',
      /^--sink: invalid sink URL mysql:\/\/\*\*\*:\*\*\*@127\.0\.0\.1: expected a database name/,
    ],
    [
      'redis://oi:s3cret@127.0.0.1/0',
      /^--sink: invalid sink URL redis:\/\/\*\*\*:\*\*\*@127\.0\.0\.1\/0: expected the scheme mysql:\/\//,
    ],
    ['mysql://oi:s3cret@h:x/oi', /^--sink: invalid sink URL mysql:\/\/\*\*\*:\*\*\*@h:x\/oi: not a URL$/],
  ])('a --sink of %s is bad usage (exit 2) whose one line masks the credentials', async (flag, message) => {
    const error = await sinkUrlOf(flag, await commonWith({})).catch((caught: unknown) => caught);
    expect(isOiError(error)).toBe(true);
    const report = describeFailure(error);
    expect(report).toEqual({ code: 2, message: expect.stringMatching(message) });
    expect(report.message).not.toContain('s3cret');
  });

  it('a command that needs a sink names both ways to give one', async () => {
    const error = await requireSinkUrl(undefined, await commonWith({}), 'oi sink check').catch(
      (e: unknown) => e,
    );
    expect(describeFailure(error)).toEqual({
      code: 2,
      message:
        'oi sink check needs a sink: expected --sink URL or OI_SINK_URL (mysql://... or postgres://...)',
    });
  });
});
