import { ALL_SERIES, COIN_M_SERIES_COLUMNS } from '@oi/storage';
import { describe, expect, it } from 'vitest';
import { sinkColumns } from './sink-columns.ts';

describe('sinkColumns', () => {
  it('maps every day-file column of either market after the slot and its datetime to a snake-case column of an exact type', () => {
    expect(sinkColumns('1m').map((column) => `${column.csvName}>${column.name}:${column.kind}`)).toEqual([
      'openInterest>open_interest:decimal',
      'sumOpenInterestValue>open_interest_value:decimal',
      'markPrice>mark_price:decimal',
      'exchangeTime>exchange_time:bigint',
      'contractSize>contract_size:decimal',
      'valueAsset>value_asset:text',
    ]);
    expect(sinkColumns('5m').map((column) => `${column.csvName}>${column.name}:${column.kind}`)).toEqual([
      'openInterest>open_interest:decimal',
      'sumOpenInterestValue>open_interest_value:decimal',
      'CMCCirculatingSupply>cmc_circulating_supply:decimal',
      'source>source:text',
      'contractSize>contract_size:decimal',
      'valueAsset>value_asset:text',
    ]);
    for (const series of ALL_SERIES) {
      // The COIN-M header holds the USDⓈ-M one: one table for both markets.
      expect(['timestamp', 'datetime_utc', ...sinkColumns(series).map((column) => column.csvName)]).toEqual(
        COIN_M_SERIES_COLUMNS[series],
      );
      // Only the unit columns are added to tables created before them, and those are nullable.
      expect(
        sinkColumns(series)
          .filter((column) => column.addedLater)
          .map((column) => `${column.name}:${column.nullable}`),
      ).toEqual(['contract_size:true', 'value_asset:true']);
    }
  });
});
