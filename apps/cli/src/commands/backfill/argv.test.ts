import { describeArgvTable, describeRejections } from '../../test-support/parse-args.ts';

const day = (text: string) => Date.parse(`${text}T00:00:00Z`);

describeArgvTable('oi backfill: argv -> options', [
  {
    argv: ['backfill', '--from', '2024-01-01', '--to', '2024-01-03'],
    command: 'backfill',
    options: {
      range: { startMs: day('2024-01-01'), endMs: day('2024-01-04') },
      concurrency: 16,
      source: 'auto',
    },
  },
  {
    argv: ['backfill', '--from', '2020-09-01', '--to', '2020-09-02', '--source', 'archive'],
    command: 'backfill',
    options: { range: { startMs: day('2020-09-01'), endMs: day('2020-09-03') }, source: 'archive' },
  },
  {
    // No --to: up to now (the run cuts the range at the newest published 5m slot).
    argv: ['backfill', '-S', 'BTCUSDT', '--from', '2020-09-01'],
    command: 'backfill',
    options: { range: { startMs: day('2020-09-01'), endMs: Number.POSITIVE_INFINITY }, source: 'auto' },
  },
  {
    argv: ['backfill', '--from', '2024-01-01', '--to', '2024-01-01', '--source', 'api'],
    command: 'backfill',
    options: { source: 'api' },
  },
  {
    argv: [
      'backfill',
      '--from',
      '2024-01-01T06:00Z',
      '--to',
      '2024-01-01T12:30:00+02:00',
      '--concurrency',
      '2',
    ],
    command: 'backfill',
    options: {
      range: { startMs: Date.parse('2024-01-01T06:00:00Z'), endMs: Date.parse('2024-01-01T10:30:00Z') },
      concurrency: 2,
    },
  },
]);

describeRejections('oi backfill: rejected command lines', [
  [['backfill', '--to', '2024-01-01'], /missing required option --from/],
  [['backfill', '--from', '2024-01-05', '--to', '2024-01-01'], /--from 2024-01-05 after --to 2024-01-01/],
  [['backfill', '--from', '2024-02-30', '--to', '2024-03-01'], /invalid date in --from/],
  [
    ['backfill', '--from', '2024-01-01', '--to', '2024-01-02', '--concurrency', '33'],
    /--concurrency: expected a whole number 1\.\.32, found "33"/,
  ],
  [['backfill', '--from', '2024-01-01', '--to', '2024-01-02', '--hours', '2'], /unknown option --hours/],
  [['backfill', '--from', '2024-01-01', '--to', '2024-01-02', '--source', 'cdn'], /--source.*cdn/],
]);
