import { expect } from 'vitest';
import { describeArgvTable, describeRejections } from '../../test-support/parse-args.ts';

describeArgvTable('oi demo: argv -> options', [
  {
    argv: ['demo'],
    command: 'demo',
    options: { liveMinutes: 10, historyDays: 90, seed: 7 },
    common: { config: expect.objectContaining({ dataDir: expect.stringMatching(/data-demo$/) }) },
  },
  {
    argv: ['demo', '--minutes', '3', '--days', '1', '--seed', '11'],
    command: 'demo',
    options: { liveMinutes: 3, historyDays: 1, seed: 11 },
  },
]);

describeRejections('oi demo: rejected command lines', [
  [['demo', '--seed', '-1'], /--seed: expected a whole number >= 0, found "-1"/],
  [['demo', '--days', '1963'], /--days: expected a whole number 1\.\.1962, found "1963"/],
]);
