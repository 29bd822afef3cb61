import { describeBadInput, FIXTURE_DATA_DIR } from '../../test-support/bad-input.ts';

const data = [...FIXTURE_DATA_DIR];

describeBadInput('oi export --format parquet', [
  [
    'parquet to stdout',
    ['export', '--format', 'parquet', ...data],
    {},
    /--format parquet needs --out: expected a file/,
  ],
  [
    '--partition-by without parquet',
    ['export', '--partition-by', 'day', '--out', 'x', ...data],
    {},
    /--partition-by needs --format parquet, found --format csv/,
  ],
  [
    '--compression without parquet',
    ['export', '--format', 'jsonl', '--compression', 'snappy', '--out', 'x', ...data],
    {},
    /--compression needs --format parquet, found --format jsonl/,
  ],
  [
    'unknown --compression',
    ['export', '--format', 'parquet', '--compression', 'gzip', '--out', 'x', ...data],
    {},
    /--compression: expected one of "zstd", "snappy", found "gzip"/,
  ],
  [
    '--partition-by into a file',
    ['export', '--format', 'parquet', '--partition-by', 'symbol', '--out', 'a-file', ...data],
    {},
    /invalid --out: expected a folder or a new path, found a regular file at .*a-file/,
  ],
]);
