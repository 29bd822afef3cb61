/** Symbols that must never reach a path: escapes, separators, NUL, wrong case and length. */
export const HOSTILE_SYMBOLS = [
  '../BTCUSDT',
  '..',
  'BTC/USDT',
  '/etc/passwd',
  'BTCUSDT\0',
  'BTC\\USDT',
  'btcusdt',
  'B',
  'A'.repeat(33),
  '',
  ' BTCUSDT',
  'BTC-USDT',
  'BTCUSDT.csv',
  '%2e%2e',
];
