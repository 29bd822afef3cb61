// Bytes of the tab-separated lines that TsvBatch writes and sliceDigest reads (ASCII).

/** Field separator. */
export const TAB = 0x09;
/** Line end. */
export const NEWLINE = 0x0a;
/** Sign of a negative decimal. */
export const MINUS = 0x2d;
/** Decimal point. */
export const POINT = 0x2e;
/** The digit 0. */
export const ZERO = 0x30;
/** The digit 9. */
export const NINE = 0x39;
/** Starts `\N`, which is NULL. */
export const BACKSLASH = 0x5c;
/** Ends `\N`. */
export const LETTER_N = 0x4e;
/** Fraction digits of DECIMAL(38,18). */
export const FRACTION_DIGITS = 18;
