import { describeBadInput, FIXTURE_DATA_DIR } from '../../test-support/bad-input.ts';

describeBadInput('oi collect', [
  ['unknown flag', ['collect', '--symbol', 'BTCUSDT', ...FIXTURE_DATA_DIR], {}, /unknown option --symbol/],
  ['negative --hours', ['collect', '--hours', '-1', ...FIXTURE_DATA_DIR], {}, /invalid duration in --hours/],
]);
