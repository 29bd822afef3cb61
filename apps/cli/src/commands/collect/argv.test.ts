import { expect } from 'vitest';
import { describeArgvTable, describeRejections } from '../../test-support/parse-args.ts';

describeArgvTable('oi collect: argv -> options', [
  { argv: ['collect'], command: 'collect', options: { historyOnly: false, source: 'auto' } },
  { argv: ['collect', '--source', 'api'], command: 'collect', options: { source: 'api' } },
  {
    argv: ['collect', '--hours', '2'],
    command: 'collect',
    options: { durationMs: 7_200_000, historyOnly: false },
  },
  { argv: ['collect', '-c', '90m'], command: 'collect', options: { durationMs: 5_400_000 } },
  { argv: ['collect', '--history-only'], command: 'collect', options: { historyOnly: true } },
  {
    argv: ['collect', '-S', 'SOLUSDT', 'XRPUSDT,ADAUSDT'],
    command: 'collect',
    options: {},
    common: { config: expect.objectContaining({ symbols: ['SOLUSDT', 'XRPUSDT', 'ADAUSDT'] }) },
  },
]);

describeRejections('oi collect: rejected command lines', [
  [['collect', '--bogus'], /unknown option --bogus/],
  [['collect', '--source', 'both'], /--source.*both/],
  [['collect', '--hours', '0'], /invalid duration in --hours: expected more than zero, found "0"/],
]);
