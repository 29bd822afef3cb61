import { describeArgvTable, describeRejections } from '../../test-support/parse-args.ts';

const day = (text: string) => Date.parse(`${text}T00:00:00Z`);

describeArgvTable('oi gaps: argv -> options', [
  { argv: ['gaps'], command: 'gaps', options: { series: ['1m', '5m'], source: 'auto' } },
  { argv: ['gaps', '--source', 'api'], command: 'gaps', options: { source: 'api' } },
  {
    argv: ['gaps', '--series', '5m', '--from', '2024-02-01', '--to', '2024-02-01'],
    command: 'gaps',
    options: { series: ['5m'], range: { startMs: day('2024-02-01'), endMs: day('2024-02-02') } },
  },
  { argv: ['gaps', '--series', '5m', '1m', '5m'], command: 'gaps', options: { series: ['1m', '5m'] } },
]);

describeRejections('oi gaps: rejected command lines', [
  [['gaps', '--series', '15m'], /invalid value for --series: expected one of "1m", "5m", found "15m"/],
  [['gaps', '--to', '2024-01-01'], /--to needs --from: expected both ends of the range/],
  [['gaps', '--source', 'binance'], /--source.*binance/],
]);
