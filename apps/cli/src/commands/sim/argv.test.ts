import { describeArgvTable, describeRejections } from '../../test-support/parse-args.ts';

describeArgvTable('oi sim: argv -> options', [
  { argv: ['sim'], command: 'sim', options: { port: 8080, host: '127.0.0.1', seed: 1, extraSymbols: 0 } },
  {
    argv: ['sim', '--port', '0', '--seed', '7', '--extra-symbols', '20'],
    command: 'sim',
    options: { port: 0, seed: 7, extraSymbols: 20 },
  },
]);

describeRejections('oi sim: rejected command lines', [
  [['sim', '--port', '70000'], /--port: expected a whole number 0\.\.65535, found "70000"/],
]);
