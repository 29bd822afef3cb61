import { describeArgvTable } from '../../test-support/parse-args.ts';

describeArgvTable('oi resume: argv -> options', [
  { argv: ['resume'], command: 'resume', options: {}, common: { resume: 'ask' } },
  { argv: ['resume', '--no-resume'], command: 'resume', options: {}, common: { resume: 'no-resume' } },
  {
    argv: ['resume', '--resume', '--yes'],
    command: 'resume',
    options: {},
    common: { resume: 'resume', yes: true },
  },
]);
