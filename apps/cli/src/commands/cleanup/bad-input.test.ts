import { describeBadInput, FIXTURE_DATA_DIR } from '../../test-support/bad-input.ts';

describeBadInput('oi cleanup', [
  [
    'negative --days',
    ['cleanup', '--days', '-5', ...FIXTURE_DATA_DIR],
    {},
    /--days: expected a whole number >= 0, found "-5"/,
  ],
]);
