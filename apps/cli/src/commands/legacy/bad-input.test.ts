import { describeBadInput, FIXTURE_DATA_DIR } from '../../test-support/bad-input.ts';

describeBadInput('no command word', [
  ['unknown command', ['collcet'], {}, /unknown command collcet/],
  [
    'old --cleanup not a number',
    ['--cleanup', 'all', ...FIXTURE_DATA_DIR],
    {},
    /--cleanup: expected a whole number/,
  ],
  ['no command at all', [], {}, /a command is required/],
]);
