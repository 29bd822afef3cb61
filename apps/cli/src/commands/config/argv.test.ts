import { describeArgvTable, describeRejections } from '../../test-support/parse-args.ts';

describeArgvTable('oi config show: argv -> options', [
  { argv: ['config', 'show'], command: 'config show', options: {} },
]);

describeRejections('oi config: rejected command lines', [
  [['config'], /oi config needs an action: expected "show"/],
]);
