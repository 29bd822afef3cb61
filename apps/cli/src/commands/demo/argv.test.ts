import { expect } from 'vitest';
import { describeArgvTable } from '../../test-support/parse-args.ts';

describeArgvTable('oi demo: argv -> options', [
  {
    argv: ['demo'],
    command: 'demo',
    options: { liveMinutes: 10, historyDays: 2 },
    common: { config: expect.objectContaining({ dataDir: expect.stringMatching(/data-demo$/) }) },
  },
  {
    argv: ['demo', '--minutes', '3', '--days', '1'],
    command: 'demo',
    options: { liveMinutes: 3, historyDays: 1 },
  },
]);
