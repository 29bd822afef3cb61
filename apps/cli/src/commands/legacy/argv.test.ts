import { expect } from 'vitest';
import { describeArgvTable, describeRejections } from '../../test-support/parse-args.ts';

// Every old top-level flag of the tool `oi` replaces, to the command and options it stands for.
describeArgvTable('old forms: argv -> command and options', [
  {
    argv: ['--symbols', 'BTCUSDT'],
    command: 'collect',
    legacy: true,
    options: { historyOnly: false },
    common: { config: expect.objectContaining({ symbols: ['BTCUSDT'] }) },
  },
  {
    argv: ['-S', 'BTCUSDT', 'ETHUSDT', '-c', '0.5'],
    command: 'collect',
    legacy: true,
    options: { durationMs: 1_800_000 },
    common: { config: expect.objectContaining({ symbols: ['BTCUSDT', 'ETHUSDT'] }) },
  },
  { argv: ['--hours', '3'], command: 'collect', legacy: true, options: { durationMs: 10_800_000 } },
  { argv: ['--history-only'], command: 'collect', legacy: true, options: { historyOnly: true } },
  { argv: ['--cleanup', '30'], command: 'cleanup', legacy: true, options: { days: 30, dryRun: false } },
  {
    argv: ['--cleanup', '7', '--dry-run'],
    command: 'cleanup',
    legacy: true,
    options: { days: 7, dryRun: true },
  },
  { argv: ['--stats'], command: 'stats', legacy: true, options: {} },
  { argv: ['--export'], command: 'export', legacy: true, options: { format: 'csv', series: '5m' } },
  {
    argv: ['--export', '--format', 'jsonl', '--series', '1m', '--out', 'x.jsonl'],
    command: 'export',
    legacy: true,
    options: { format: 'jsonl', series: '1m', outPath: expect.stringMatching(/x\.jsonl$/) },
  },
  {
    argv: ['--export', '--from', '2024-01-01'],
    command: 'export',
    legacy: true,
    options: { range: { startMs: Date.UTC(2024, 0, 1), endMs: Number.POSITIVE_INFINITY } },
  },
  { argv: ['--resume'], command: 'resume', legacy: true, options: {}, common: { resume: 'resume' } },
  {
    argv: ['-S', 'BTCUSDT', '--resume'],
    command: 'collect',
    legacy: true,
    options: {},
    common: { resume: 'resume' },
  },
  {
    argv: ['--history-only', '--resume'],
    command: 'collect',
    legacy: true,
    options: { historyOnly: true },
    common: { resume: 'resume' },
  },
]);

describeRejections('old forms: rejected command lines', [
  [['--cleanup', '-1'], /--cleanup: expected a whole number >= 0, found "-1"/],
  [['--export', '--format', 'xml'], /--format: expected one of "csv", "jsonl", "parquet", found "xml"/],
  [['--export', '--from', '2024-01-05', '--to', '2024-01-01'], /--from 2024-01-05 after --to 2024-01-01/],
  [['--export', '--to', '2024-01-05'], /--to needs --from/],
  [['--hours', '2', '--days', '3'], /unknown option --days/],
]);
