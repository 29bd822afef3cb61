import { describeArgvTable, describeRejections } from '../../test-support/parse-args.ts';

const URL = 'mysql://oi:s3cret@127.0.0.1:3306/oi';

describeArgvTable('oi sink and --sink: argv -> options', [
  { argv: ['sink', 'sync'], command: 'sink sync', options: { series: ['1m', '5m'] } },
  {
    argv: ['sink', 'sync', '--sink', URL, '--series', '5m', '--from', '2024-01-01', '--to', '2024-01-02'],
    command: 'sink sync',
    options: {
      sinkUrl: URL,
      series: ['5m'],
      range: { startMs: Date.UTC(2024, 0, 1), endMs: Date.UTC(2024, 0, 3) },
    },
  },
  { argv: ['sink', 'check'], command: 'sink check', options: { series: ['1m', '5m'], maxListed: 20 } },
  {
    argv: ['sink', 'check', '--sink', 'postgres://oi:pw@db/oi', '--series', '1m', '--max-listed', '0'],
    command: 'sink check',
    options: { sinkUrl: 'postgres://oi:pw@db/oi', series: ['1m'], maxListed: 0 },
  },
  { argv: ['collect', '--sink', URL], command: 'collect', options: { sinkUrl: URL } },
  {
    argv: ['--symbols', 'BTCUSDT', '--sink', URL],
    command: 'collect',
    legacy: true,
    options: { sinkUrl: URL },
  },
  {
    argv: ['backfill', '--from', '2024-01-01', '--to', '2024-01-01', '--sink', URL],
    command: 'backfill',
    options: { sinkUrl: URL },
  },
  {
    argv: ['collect', '--metrics-port', '9464', '--metrics-host', '0.0.0.0'],
    command: 'collect',
    options: { metricsPort: 9464, metricsHost: '0.0.0.0' },
  },
  { argv: ['collect', '--metrics-port', '0'], command: 'collect', options: { metricsPort: 0 } },
]);

describeRejections('oi sink and --sink: rejected command lines', [
  [['sink'], /oi sink needs an action: expected "sync" or "check"/],
  [['sink', 'sync', '--series', '15m'], /--series: expected one of "1m", "5m", "both", found "15m"/],
  [
    ['sink', 'check', '--max-listed', '-1'],
    /invalid value for --max-listed: expected a whole number >= 0, found "-1"/,
  ],
  [
    ['collect', '--metrics-port', '65536'],
    /invalid value for --metrics-port: expected a whole number 0\.\.65535/,
  ],
  [
    ['backfill', '--from', '2024-01-01', '--to', '2024-01-01', '--metrics-port', '1'],
    /unknown option --metrics-port/,
  ],
]);
