import { describeArgvTable, describeRejections } from '../../test-support/parse-args.ts';

describeArgvTable('oi symbols update: argv -> options', [
  {
    argv: ['symbols', 'update'],
    command: 'symbols update',
    options: { top: 100, demo: false },
  },
  {
    argv: ['symbols', 'update', '--top', '5', '--quote', 'USDC', '--demo'],
    command: 'symbols update',
    options: { top: 5, quote: 'USDC', demo: true },
  },
]);

describeRejections('oi symbols update: rejected command lines', [
  [['symbols', 'update', '--quote', 'usdt!'], /--quote: expected an asset such as USDT, found "usdt!"/],
  [['symbols'], /oi symbols needs an action: expected "update"/],
]);
