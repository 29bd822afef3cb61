import { describeBadInput, FIXTURE_DATA_DIR } from '../../test-support/bad-input.ts';

const data = [...FIXTURE_DATA_DIR];
const range = ['--from', '2024-01-01', '--to', '2024-01-02'];

describeBadInput('rate-budget flags and variables', [
  [
    '--history-budget without a window',
    ['backfill', ...range, '--history-budget', '100', ...data],
    {},
    /invalid rate budget in --history-budget: expected N\/DURATION .*got '100'$/,
  ],
  [
    'OI_WEIGHT_BUDGET in words',
    ['collect', ...data],
    { OI_WEIGHT_BUDGET: '2400 per minute' },
    /invalid rate budget in OI_WEIGHT_BUDGET: /,
  ],
  [
    'OI_HISTORY_BUDGET of zero',
    ['symbols', 'update', ...data],
    { OI_HISTORY_BUDGET: '0/5m' },
    /invalid rate budget in OI_HISTORY_BUDGET: /,
  ],
  [
    '--max-ban-wait without a unit',
    ['resume', '--max-ban-wait', '15', ...data],
    {},
    /invalid duration in --max-ban-wait: expected a unit such as 90s, 15m or 2h, found "15"$/,
  ],
]);
