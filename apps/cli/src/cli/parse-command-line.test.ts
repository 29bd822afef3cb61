import { describe, expect, it } from 'vitest';
import { registry } from '../commands/index.ts';
import { describeRejections, useConfiguredDirectory } from '../test-support/parse-args.ts';
import { parseCommandLine } from './parse-command-line.ts';

describe('parseCommandLine: help, version and completion', () => {
  const cwd = useConfiguredDirectory();
  const parse = (argv: string[]) => parseCommandLine(argv, { env: {}, cwd: cwd.path }, registry);

  it('prints help and version instead of running', async () => {
    expect(await parse(['backfill', '--help'])).toMatchObject({
      kind: 'print',
      text: expect.stringContaining('oi backfill --from 2024-01-01'),
    });
    expect(await parse(['--version'])).toEqual({
      kind: 'print',
      text: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
    expect(await parse(['completion'])).toEqual({ kind: 'completion' });
  });

  it("shows each flag's default in the help, as the builder applies it", async () => {
    const help = await parse(['backfill', '--help']);
    expect(help).toMatchObject({ text: expect.stringMatching(/--concurrency .*\[default: 16\]/s) });
  });

  it('lists every registered command in the top-level help', async () => {
    const help = await parse(['--help']);
    if (help.kind !== 'print') throw new Error('expected help');
    for (const command of registry.commands) {
      expect(help.text).toContain(`oi ${command.name.split(' ')[0]}`);
    }
  });
});

describeRejections('parseCommandLine: no command, or an unknown one', [
  [[], /a command is required: expected one of collect, backfill, .*, config show/],
  [['nope'], /unknown command nope/],
  [['--', 'demo'], /unknown command demo/],
]);
