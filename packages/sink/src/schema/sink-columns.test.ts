import { ALL_SERIES, SERIES_COLUMNS } from '@oi/storage';
import { describe, expect, it } from 'vitest';
import { sinkColumns } from './sink-columns.ts';

describe('sinkColumns', () => {
  it('maps every day-file column after the slot and its datetime to a snake-case column of an exact type', () => {
    expect(sinkColumns('1m').map((column) => `${column.csvName}>${column.name}:${column.kind}`)).toEqual([
      'openInterest>open_interest:decimal',
      'sumOpenInterestValue>open_interest_value:decimal',
      'markPrice>mark_price:decimal',
      'exchangeTime>exchange_time:bigint',
    ]);
    expect(sinkColumns('5m').map((column) => `${column.csvName}>${column.name}:${column.kind}`)).toEqual([
      'openInterest>open_interest:decimal',
      'sumOpenInterestValue>open_interest_value:decimal',
      'CMCCirculatingSupply>cmc_circulating_supply:decimal',
      'source>source:text',
    ]);
    for (const series of ALL_SERIES) {
      expect(['timestamp', 'datetime_utc', ...sinkColumns(series).map((column) => column.csvName)]).toEqual(
        SERIES_COLUMNS[series],
      );
    }
  });
});
