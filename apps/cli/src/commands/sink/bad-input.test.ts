import { describeBadInput, FIXTURE_DATA_DIR } from '../../test-support/bad-input.ts';

const data = [...FIXTURE_DATA_DIR];

describeBadInput('sinks and metrics', [
  [
    'oi sink sync without a sink',
    ['sink', 'sync', ...data],
    {},
    /^oi: error: oi sink sync needs a sink: expected --sink URL or OI_SINK_URL/,
  ],
  ['oi sink check without a sink', ['sink', 'check', ...data], {}, /oi sink check needs a sink/],
  [
    'a sink URL without a database',
    [
      'backfill',
      '--from',
      '2024-01-01',
      '--to',
      '2024-01-01',
      '--sink',
      'mysql://oi:s3cret@127.0.0.1/',
      ...data,
    ],
    {},
    /^oi: error: --sink: invalid sink URL mysql:\/\/\*\*\*:\*\*\*@127\.0\.0\.1\/: expected a database name(?!.*s3cret)/,
  ],
  [
    'OI_SINK_URL of another scheme',
    ['collect', ...data],
    { OI_SINK_URL: 'ftp://oi:s3cret@127.0.0.1/oi' },
    /^oi: error: OI_SINK_URL: invalid sink URL ftp:\/\/\*\*\*:\*\*\*@127\.0\.0\.1\/oi: expected the scheme(?!.*s3cret)/,
  ],
  [
    'OI_METRICS_PORT out of range',
    ['collect', ...data],
    { OI_METRICS_PORT: '99999' },
    /invalid value for OI_METRICS_PORT: expected a whole number 0\.\.65535, found "99999"/,
  ],
  [
    '--metrics-port not a number',
    ['collect', '--metrics-port', 'http', ...data],
    {},
    /invalid value for --metrics-port/,
  ],
]);
