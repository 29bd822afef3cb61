import { describeArgvTable, describeRejections } from '../../test-support/parse-args.ts';

describeArgvTable('oi cleanup: argv -> options', [
  { argv: ['cleanup', '--days', '90'], command: 'cleanup', options: { days: 90, dryRun: false } },
  { argv: ['cleanup', '--days', '0', '--dry-run'], command: 'cleanup', options: { days: 0, dryRun: true } },
]);

describeRejections('oi cleanup: rejected command lines', [
  [['cleanup', '--days', '-3'], /--days: expected a whole number >= 0, found "-3"/],
  [['cleanup'], /missing required option --days/],
]);
