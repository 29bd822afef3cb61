import { describeBadInput, FIXTURE_DATA_DIR } from '../../test-support/bad-input.ts';

describeBadInput('oi report', [
  [
    'bad --series',
    ['report', '--series', '15m', ...FIXTURE_DATA_DIR],
    {},
    /--series: expected one of "1m", "5m", "both", found "15m"/,
  ],
  [
    '--out inside the data directory',
    ['report', '--out', 'data/report.html', ...FIXTURE_DATA_DIR],
    {},
    /invalid --out: expected a path outside the data directory .*\/data, found .*\/data\/report\.html/,
  ],
  [
    '--out inside the data directory named by DATA_DIR',
    ['report', '--out', 'data/open_interest/BTCUSDT/r.html'],
    { DATA_DIR: 'data' },
    /invalid --out: expected a path outside the data directory/,
  ],
  [
    '--out a directory',
    ['report', '--out', '.', ...FIXTURE_DATA_DIR],
    {},
    /invalid --out: expected a regular file or a new path, found a directory at /,
  ],
  [
    '--out a character device',
    ['report', '--out', '/dev/null', ...FIXTURE_DATA_DIR],
    {},
    /invalid --out: expected a regular file or a new path, found a character device at \/dev\/null$/,
  ],
  [
    '--from in the future',
    ['report', '--from', '2999-01-01', ...FIXTURE_DATA_DIR],
    {},
    /expected --from before now/,
  ],
  [
    'a data directory that is not there',
    ['report', '--data-dir', 'missing'],
    {},
    /no data directory at .*\/missing: expected a directory of day files/,
  ],
  [
    'a data directory that is a file',
    ['report', '--data-dir', 'a-file'],
    {},
    /no data directory at .*\/a-file/,
  ],
  [
    'a lower-case symbol',
    ['report', '-S', 'btcusdt', ...FIXTURE_DATA_DIR],
    {},
    /invalid symbol in --symbols/,
  ],
]);
