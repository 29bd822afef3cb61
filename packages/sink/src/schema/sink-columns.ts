import { COIN_M_SERIES_COLUMNS, CORE_COLUMNS, type Series } from '@oi/storage';

/** How a value column is stored: exact DECIMAL(38,18), BIGINT epoch ms, or short ASCII text. */
export type SinkColumnKind = 'decimal' | 'bigint' | 'text';

/**
 * One value column of a sink table. The key columns `symbol` and `timestamp` and the generated
 * `datetime_utc` come before them.
 */
export interface SinkColumn {
  /** Column name in the database, snake case. */
  readonly name: string;
  /** Header of the day-file column it comes from. */
  readonly csvName: string;
  readonly kind: SinkColumnKind;
  /** False only for `open_interest`, which every row has. */
  readonly nullable: boolean;
  /**
   * True for a column added after the tables' first layout: a table created before lacks it and
   * gets it by ALTER TABLE … ADD COLUMN on first use (always nullable, so its rows read NULL).
   */
  readonly addedLater: boolean;
}

/** Table of each series. */
export const SINK_TABLES: Readonly<Record<Series, string>> = {
  '1m': 'open_interest_1m',
  '5m': 'open_interest_5m',
};

/** The column that shows the slot as a UTC datetime; the database computes it from `timestamp`. */
export const DATETIME_COLUMN = 'datetime_utc';

/** Table that records the schema version. */
export const SINK_META_TABLE = 'oi_sink_meta';

/** Version of the tables' layout; a database with a newer one is refused. */
export const SINK_SCHEMA_VERSION = 1;

/** Longest symbol and source text the tables hold (storage validates both to at most 32 characters). */
export const SINK_TEXT_LENGTH = 32;

// Every day-file column the sink knows, by header name. A column that storage adds later must be
// given a name and type here before it can reach a database (sinkColumns throws until then), and
// `addedLater`, so that existing tables get it.
const KNOWN_COLUMNS: Readonly<Record<string, Omit<SinkColumn, 'csvName'>>> = {
  openInterest: { name: 'open_interest', kind: 'decimal', nullable: false, addedLater: false },
  sumOpenInterestValue: { name: 'open_interest_value', kind: 'decimal', nullable: true, addedLater: false },
  markPrice: { name: 'mark_price', kind: 'decimal', nullable: true, addedLater: false },
  exchangeTime: { name: 'exchange_time', kind: 'bigint', nullable: true, addedLater: false },
  CMCCirculatingSupply: {
    name: 'cmc_circulating_supply',
    kind: 'decimal',
    nullable: true,
    addedLater: false,
  },
  source: { name: 'source', kind: 'text', nullable: true, addedLater: false },
  // COIN-M contracts' units: USD per contract (exact, as every number here) and the coin their value is in.
  contractSize: { name: 'contract_size', kind: 'decimal', nullable: true, addedLater: true },
  valueAsset: { name: 'value_asset', kind: 'text', nullable: true, addedLater: true },
};

// The day file's first two columns, the slot and its datetime, become the key and the generated column.
const SLOT_COLUMNS = CORE_COLUMNS.slice(0, 2);

// One table holds both markets: the COIN-M header is the USDⓈ-M one plus the unit columns, which
// are NULL in USDⓈ-M rows.
function buildColumns(series: Series): readonly SinkColumn[] {
  return COIN_M_SERIES_COLUMNS[series]
    .filter((csvName) => !SLOT_COLUMNS.includes(csvName))
    .map((csvName) => {
      const known = KNOWN_COLUMNS[csvName];
      if (known === undefined) {
        throw new TypeError(
          `day-file column ${csvName} of ${series} has no sink column: add it to KNOWN_COLUMNS`,
        );
      }
      return { csvName, ...known };
    });
}

const COLUMNS: Readonly<Record<Series, readonly SinkColumn[]>> = {
  '1m': buildColumns('1m'),
  '5m': buildColumns('5m'),
};

/**
 * The value columns of a series' table in table order: the day file's columns after `datetime_utc`,
 * a COIN-M contract's (with `contract_size`, `value_asset`, NULL for USDⓈ-M rows).
 */
export function sinkColumns(series: Series): readonly SinkColumn[] {
  return COLUMNS[series];
}
