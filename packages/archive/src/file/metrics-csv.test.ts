import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { metricsCsv } from '../test-support/metrics-files.ts';
import { METRICS_HEADER, parseMetricsCsv } from './metrics-csv.ts';
import { unzipMetrics } from './unzip-metrics.ts';

const HEADER_LINE = METRICS_HEADER.join(',');

describe('parseMetricsCsv', () => {
  it('reads the archive sample, quoted blanks included, values as text', () => {
    const text = [
      HEADER_LINE,
      '2025-07-01 00:05:00,ETHUSDT,1893129.089,4706583953.32646,1.91519612,3.27485900,1.46745437,1.08735800',
      '2023-06-25 00:00:00,BTCUSD_PERP,5578700.00000000,18265.00911826,"","","",0.00855776',
      '2023-06-25 00:05:00,BTCUSD_PERP,"",,"","","",0.00855776',
      '',
    ].join('\r\n');
    expect(parseMetricsCsv(text)).toEqual({
      kind: 'rows',
      rows: [
        {
          label: '2025-07-01 00:05:00',
          symbol: 'ETHUSDT',
          openInterest: '1893129.089',
          openInterestValue: '4706583953.32646',
        },
        {
          label: '2023-06-25 00:00:00',
          symbol: 'BTCUSD_PERP',
          openInterest: '5578700.00000000',
          openInterestValue: '18265.00911826',
        },
        { label: '2023-06-25 00:05:00', symbol: 'BTCUSD_PERP', openInterest: '', openInterestValue: '' },
      ],
    });
  });

  it('reads a header-only file as no rows', () => {
    expect(parseMetricsCsv(`${HEADER_LINE}\n`)).toEqual({ kind: 'rows', rows: [] });
  });

  it.each([
    ['an empty file', ''],
    ['no header', '2025-07-01 00:05:00,ETHUSDT,1,2,3,4,5,6\n'],
    ['a renamed column', `${HEADER_LINE.replace('sum_open_interest,', 'open_interest,')}\n`],
    [
      'swapped columns',
      `${HEADER_LINE.replace('sum_open_interest,sum_open_interest_value', 'sum_open_interest_value,sum_open_interest')}\n`,
    ],
    ['a missing column', `${METRICS_HEADER.slice(0, 7).join(',')}\n`],
    ['an extra column', `${HEADER_LINE},extra\n`],
    ['upper case', `${HEADER_LINE.toUpperCase()}\n`],
    ['spaces', `${METRICS_HEADER.join(', ')}\n`],
    ['semicolons', `${METRICS_HEADER.join(';')}\n`],
  ])('rejects %s as bad-header', (_name, text) => {
    expect(parseMetricsCsv(text)).toMatchObject({ kind: 'invalid', reason: 'bad-header' });
  });

  it.each([
    ['a short row', `${HEADER_LINE}\n2025-07-01 00:05:00,ETHUSDT,1,2\n`],
    ['a long row', `${HEADER_LINE}\n2025-07-01 00:05:00,ETHUSDT,1,2,3,4,5,6,7\n`],
    ['an unclosed quote', `${HEADER_LINE}\n2025-07-01 00:05:00,ETHUSDT,"1,2,3,4,5,6\n`],
  ])('rejects %s as bad-row', (_name, text) => {
    expect(parseMetricsCsv(text)).toMatchObject({ kind: 'invalid', reason: 'bad-row' });
  });
});

describe('parseMetricsCsv on plain text', () => {
  const row = (time: string, fields = '1893129.089,4706583953.32646,1.9,3.2,1.4,1.08') =>
    `2025-07-01 ${time},ETHUSDT,${fields}`;
  // Plain `\n` text is cut without papaparse; the same text with `\r\n` endings goes through it.
  it.each([
    ['rows', [HEADER_LINE, row('00:05:00'), row('00:10:00', ',,,,,'), ''].join('\n')],
    ['no final newline', [HEADER_LINE, row('00:05:00')].join('\n')],
    ['empty lines between rows', [HEADER_LINE, '', row('00:05:00'), '', '', row('00:10:00'), ''].join('\n')],
    ['a header only', `${HEADER_LINE}\n`],
    ['a short row', [HEADER_LINE, row('00:05:00'), '2025-07-01 00:10:00,ETHUSDT,1,2', ''].join('\n')],
    ['a long row', [HEADER_LINE, row('00:05:00', '1,2,3,4,5,6,7'), ''].join('\n')],
    ['a blank-looking row', [HEADER_LINE, ' ', ''].join('\n')],
    ['a bad header', [HEADER_LINE.toUpperCase(), row('00:05:00'), ''].join('\n')],
    ['nothing', ''],
    ['newlines only', '\n\n'],
  ])('%s: as papaparse reads it', (_name, text) => {
    expect(parseMetricsCsv(text)).toEqual(parseMetricsCsv(text.replaceAll('\n', '\r\n')));
  });
});

describe('unzipMetrics', () => {
  const name = 'BTCUSDT-metrics-2024-01-15.csv';
  const text = metricsCsv([]);

  it('returns the one CSV', () => {
    expect(unzipMetrics(zipSync({ [name]: strToU8(text) }), name)).toEqual({ kind: 'csv', text });
  });

  it.each([
    ['not a zip', strToU8('<Error><Code>AccessDenied</Code></Error>')],
    ['a truncated zip', zipSync({ [name]: strToU8(text) }).slice(0, 40)],
    ['an empty zip', zipSync({})],
    ['another name', zipSync({ 'BTCUSDT-metrics-2024-01-16.csv': strToU8(text) })],
    ['two files', zipSync({ [name]: strToU8(text), 'extra.txt': strToU8('x') })],
    ['invalid UTF-8', zipSync({ [name]: new Uint8Array([0xff, 0xfe, 0x41]) })],
  ])('rejects %s', (_label, zip) => {
    expect(unzipMetrics(zip, name).kind).toBe('invalid');
  });
});
