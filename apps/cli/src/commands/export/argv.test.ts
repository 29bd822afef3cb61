import { expect } from 'vitest';
import { describeArgvTable, describeRejections } from '../../test-support/parse-args.ts';

describeArgvTable('oi export: argv -> options', [
  { argv: ['export'], command: 'export', options: { format: 'csv', series: '5m' } },
  { argv: ['export', '--out=-'], command: 'export', options: { format: 'csv' } },
  {
    argv: ['export', '--format', 'jsonl', '--series', '1m', '--from', '2024-01-01', '--out', 'o.jsonl'],
    command: 'export',
    options: {
      format: 'jsonl',
      series: '1m',
      outPath: expect.stringMatching(/o\.jsonl$/),
      range: { startMs: Date.UTC(2024, 0, 1), endMs: Number.POSITIVE_INFINITY },
    },
  },
]);

describeRejections('oi export: rejected command lines', [
  [['export', '--format', 'xml'], /--format: expected one of "csv", "jsonl", "parquet", found "xml"/],
]);
