import { expect } from 'vitest';
import { describeArgvTable } from '../../test-support/parse-args.ts';

describeArgvTable('oi stats: argv -> options', [
  { argv: ['stats'], command: 'stats', options: { chart: false }, common: { json: false } },
  { argv: ['stats', '--json'], command: 'stats', options: { chart: false }, common: { json: true } },
  {
    argv: ['stats', '--chart', '-S', 'BTCUSDT'],
    command: 'stats',
    options: { chart: true },
    common: { config: expect.objectContaining({ symbols: ['BTCUSDT'] }) },
  },
  { argv: ['--stats'], command: 'stats', options: { chart: false }, legacy: true },
]);
