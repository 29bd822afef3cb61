import { expect } from 'vitest';
import { describeArgvTable, describeRejections } from '../../test-support/parse-args.ts';

describeArgvTable('oi report: argv -> options', [
  {
    argv: ['report'],
    command: 'report',
    options: { outPath: expect.stringMatching(/^\/.*\/report\.html$/), series: 'both' },
    common: { json: false },
  },
  {
    argv: ['report', '--out', 'out/jan.html', '--series', '5m', '--from', '2024-01-01', '--to', '2024-01-31'],
    command: 'report',
    options: {
      outPath: expect.stringMatching(/^\/.*\/out\/jan\.html$/),
      series: '5m',
      range: { startMs: Date.UTC(2024, 0, 1), endMs: Date.UTC(2024, 1, 1) },
    },
  },
  {
    argv: ['report', '--out', '/tmp/abs.html', '--series', '1m', '--from', '2024-01-01T12:00Z'],
    command: 'report',
    options: {
      outPath: '/tmp/abs.html',
      series: '1m',
      range: { startMs: Date.UTC(2024, 0, 1, 12), endMs: Number.POSITIVE_INFINITY },
    },
  },
  {
    argv: ['report', '-S', 'ETHUSDT,BTCUSDT', '--json'],
    command: 'report',
    options: { series: 'both' },
    common: { json: true, config: { symbols: ['ETHUSDT', 'BTCUSDT'] } },
  },
]);

describeRejections('oi report: rejected command lines', [
  [['report', '--series', '15m'], /--series: expected one of "1m", "5m", "both", found "15m"/],
  [['report', '--out', ''], /invalid --out: expected a file name/],
  [
    ['report', '--out', '-'],
    /invalid --out: expected a file name, found - \(a report is written to a file, not to stdout\)/,
  ],
  [['report', '--to', '2024-01-31'], /--to needs --from/],
  [['report', '--from', '2024-02-01', '--to', '2024-01-01'], /expected --from on or before --to/],
  [['report', '--from', '2024-02-30'], /invalid date in --from/],
]);
