import { describeBadInput, FIXTURE_DATA_DIR } from '../../test-support/bad-input.ts';

describeBadInput('oi export', [
  [
    'bad --format',
    ['export', '--format', 'xml', ...FIXTURE_DATA_DIR],
    {},
    /--format: expected one of "csv", "jsonl", "parquet", found "xml"/,
  ],
]);
