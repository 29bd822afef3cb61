import { describe, expect, it } from 'vitest';
import {
  describeArgvTable,
  describeRejections,
  parseRejection,
  useConfiguredDirectory,
} from '../test-support/parse-args.ts';

// Every single-valued flag of every command (and of the old forms) is refused when given twice, by
// one check in the parser; list flags stay repeatable.

describeRejections('a single-valued flag given twice is exit 2, naming the flag', [
  [['stats', '--data-dir', 'A', '--data-dir', 'B'], /^option --data-dir given more than once \("A", "B"\)/],
  [['stats', '--data-dir=A', '--data-dir', 'B'], /^option --data-dir given more than once/],
  [
    ['symbols', 'update', '--fapi-url', 'http://a', '--fapi-url', 'http://b'],
    /^option --fapi-url given more than once/,
  ],
  [
    ['config', 'show', '--https-proxy', 'http://a:1', '--https-proxy', 'http://b:2'],
    /^option --https-proxy given/,
  ],
  [
    ['config', 'show', '--log-level', 'info', '--log-level', 'debug'],
    /^option --log-level given more than once/,
  ],
  [
    ['config', 'show', '--archive-url', 'http://a', '--archive-url', 'http://b'],
    /^option --archive-url given/,
  ],
  [
    ['backfill', '--from', '2024-01-01', '--from', '2024-01-02', '--to', '2024-01-03'],
    /^option --from given/,
  ],
  [['export', '--series', '1m', '--series', '5m'], /^option --series given more than once/],
  [['export', '--out', 'a.csv', '--out', 'b.csv'], /^option --out given more than once/],
  [['cleanup', '--days', '1', '--days', '2'], /^option --days given more than once \("1", "2"\)/],
  [['collect', '--hours', '1', '-c', '2'], /^option --hours given more than once/],
  [['config', 'show', '--json', '--json'], /^option --json given more than once: expected it once$/],
  [['config', 'show', '--resume', '--no-resume'], /^option --resume given more than once/],
  [['config', 'show', '-y', '--yes'], /^option --yes given more than once/],
  [['--cleanup', '3', '--cleanup', '4'], /^option --cleanup given more than once/],
  [['--stats', '--stats'], /^option --stats given more than once/],
]);

describe('a repeated flag that holds a password', () => {
  const cwd = useConfiguredDirectory();
  it('is named with the password masked', async () => {
    const error = await parseRejection(
      ['config', 'show', '--fapi-url', 'http://a', '--fapi-url', 'http://u:s3cret@b'],
      cwd.path,
    );
    expect(String((error as Error).message)).toContain('http://u:***@b');
    expect(String((error as Error).message)).not.toContain('s3cret');
  });
});

describeArgvTable('list flags stay repeatable', [
  {
    argv: ['gaps', '--series', '1m', '--series', '5m'],
    command: 'gaps',
    options: { series: ['1m', '5m'] },
  },
  {
    argv: ['stats', '-S', 'BTCUSDT', '-S', 'ETHUSDT'],
    command: 'stats',
    options: {},
    common: { config: { symbols: ['BTCUSDT', 'ETHUSDT'] } },
  },
]);
