import { expect } from 'vitest';
import { describeArgvTable } from '../../test-support/parse-args.ts';

describeArgvTable('oi export --format parquet: argv -> options', [
  {
    argv: ['export', '--format', 'parquet', '--out', 'oi.parquet'],
    command: 'export',
    options: {
      format: 'parquet',
      series: '5m',
      compression: 'zstd',
      outPath: expect.stringMatching(/\/oi\.parquet$/),
    },
  },
  {
    argv: [
      'export',
      '--format',
      'parquet',
      '--series',
      '1m',
      '--out',
      'ds',
      '--partition-by',
      'day',
      '--compression',
      'snappy',
    ],
    command: 'export',
    options: { format: 'parquet', series: '1m', partitionBy: 'day', compression: 'snappy' },
  },
  {
    argv: ['--export', '--format', 'parquet', '--out', 'old.parquet', '--partition-by', 'symbol'],
    command: 'export',
    legacy: true,
    options: { format: 'parquet', partitionBy: 'symbol' },
  },
]);
