/** A decimal column the report reads. */
export type ValueField = 'openInterest' | 'openInterestValue';

/**
 * The rows of one symbol's series on one UTC day, in slot order, column by column: numbers for every
 * row, the stored decimal text only on request (for the few rows that set a lowest, highest or last
 * value), so reading millions of rows makes no string per row.
 */
export interface SeriesDay {
  /** Rows of the day. */
  readonly rows: number;
  /** Slot of each row, epoch ms, ascending. */
  readonly slotsMs: ArrayLike<number>;
  /** Open interest of each row; NaN where the field is empty. */
  readonly openInterest: ArrayLike<number>;
  /** Open interest value of each row; NaN where the field is empty (unknown). */
  readonly openInterestValue: ArrayLike<number>;
  /** Where each row came from (`api`, `archive`, `live`, or `unknown`); few distinct strings. */
  readonly sources: ArrayLike<string>;
  /** The decimal of row `index`'s `field` exactly as stored ('' when empty). */
  text(field: ValueField, index: number): string;
}
