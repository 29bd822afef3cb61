import { describeBadInput } from '../../test-support/bad-input.ts';

describeBadInput('oi symbols update', [
  [
    '--top 0',
    ['symbols', 'update', '--top', '0', '--demo'],
    {},
    /--top: expected a whole number 1\.\.1000, found "0"/,
  ],
]);
