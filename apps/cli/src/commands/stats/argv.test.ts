import { describeArgvTable } from '../../test-support/parse-args.ts';

describeArgvTable('oi stats: argv -> options', [
  { argv: ['stats'], command: 'stats', options: {}, common: { json: false } },
  { argv: ['stats', '--json'], command: 'stats', options: {}, common: { json: true } },
]);
