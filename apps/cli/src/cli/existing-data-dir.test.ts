import { describeBadInput } from '../test-support/bad-input.ts';

// Every command that only reads the data directory refuses one that is not there, in the same words:
// a report of "all gaps" or "no data" for a mistyped path would hide the mistake.
const MISSING =
  /no data directory at .*\/missing: expected a directory of day files \(--data-dir or DATA_DIR\)$/;
const A_FILE = /no data directory at .*\/a-file: expected a directory of day files/;

describeBadInput('reading commands on a data directory that is not there', [
  ['oi gaps', ['gaps', '--data-dir', 'missing'], {}, MISSING],
  ['oi gaps, DATA_DIR a file', ['gaps'], { DATA_DIR: 'a-file' }, A_FILE],
  ['oi stats', ['stats', '--data-dir', 'missing'], {}, MISSING],
  ['oi stats --chart', ['stats', '--chart', '-S', 'BTCUSDT', '--data-dir', 'missing'], {}, MISSING],
  ['oi export', ['export', '--data-dir', 'missing'], {}, MISSING],
  ['oi export --out', ['export', '--out', 'x.csv', '--data-dir', 'a-file'], {}, A_FILE],
  ['the old --stats', ['--stats', '--data-dir', 'missing'], {}, MISSING],
  [
    'oi sink check',
    ['sink', 'check', '--sink', 'mysql://oi@127.0.0.1:9/oi', '--data-dir', 'missing'],
    {},
    MISSING,
  ],
]);
