import { describeBadInput } from '../../test-support/bad-input.ts';

describeBadInput('oi symbols update', [
  [
    '--top 0',
    ['symbols', 'update', '--top', '0', '--demo'],
    {},
    /--top: expected a whole number 1\.\.1000, found "0"/,
  ],
  [
    '--demo for COIN-M',
    ['symbols', 'update', '--demo', '--market', 'cm'],
    {},
    /--demo has the bundled USDⓈ-M list only: expected --market um, found --market cm/,
  ],
]);
