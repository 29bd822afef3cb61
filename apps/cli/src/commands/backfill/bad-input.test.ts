import { describeBadInput, FIXTURE_DATA_DIR } from '../../test-support/bad-input.ts';

const data = [...FIXTURE_DATA_DIR];

describeBadInput('oi backfill', [
  [
    'invalid date',
    ['backfill', '--from', '2024-02-30', '--to', '2024-03-01', ...data],
    {},
    /invalid date in --from/,
  ],
  [
    'from after to',
    ['backfill', '--from', '2024-03-02', '--to', '2024-03-01', ...data],
    {},
    /--from 2024-03-02 after --to 2024-03-01/,
  ],
  ['missing --from', ['backfill', '--to', '2024-03-01', ...data], {}, /missing required option --from/],
]);
