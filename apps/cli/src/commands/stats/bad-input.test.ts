import { describeBadInput, FIXTURE_DATA_DIR } from '../../test-support/bad-input.ts';

describeBadInput('oi stats --chart', [
  [
    '--chart without a symbol',
    ['stats', '--chart', ...FIXTURE_DATA_DIR],
    {},
    /--chart draws one symbol: expected exactly one -S SYMBOL, found none/,
  ],
  [
    '--chart with two symbols',
    ['stats', '--chart', '-S', 'BTCUSDT,ETHUSDT', ...FIXTURE_DATA_DIR],
    {},
    /--chart draws one symbol: expected exactly one -S SYMBOL, found BTCUSDT,ETHUSDT/,
  ],
  [
    '--chart with a lower-case symbol',
    ['stats', '--chart', '-S', 'btc', ...FIXTURE_DATA_DIR],
    {},
    /invalid symbol/,
  ],
]);
