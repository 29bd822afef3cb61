import type { Series, TimeRange } from '@oi/storage';
import type { Sink } from '../open-sink.ts';
import { diffRecords } from '../values/diff-records.ts';
import { type SinkRecord, type SinkRow, toSinkRecord } from '../values/sink-record.ts';
import { fileRowChunks } from './file-rows.ts';
import {
  EVERY_SLOT,
  fileSymbols,
  resolveSyncScope,
  type SyncScope,
  type SyncScopeOptions,
} from './sync-scope.ts';

/** Options of checkSink. */
export interface CheckSinkOptions extends SyncScopeOptions {
  readonly sink: Sink;
  /**
   * How many differences to list; all of them are counted.
   * @default 100
   */
  readonly maxListed?: number;
}

/** A column whose value differs; null is an empty cell in the file or NULL in the database. */
export interface ColumnMismatch {
  readonly column: string;
  readonly files: string | null;
  readonly sink: string | null;
}

/** A row that is missing on one side, or present on both with different values. */
export type SinkDifference =
  | {
      readonly kind: 'missing-in-sink' | 'missing-in-files';
      readonly series: Series;
      readonly symbol: string;
      readonly timestamp: number;
    }
  | {
      readonly kind: 'different';
      readonly series: Series;
      readonly symbol: string;
      readonly timestamp: number;
      readonly columns: readonly ColumnMismatch[];
    };

/** Outcome of checkSink. */
export interface CheckResult {
  readonly rowsInFiles: number;
  readonly rowsInSink: number;
  readonly missingInSink: number;
  readonly missingInFiles: number;
  readonly different: number;
  /** The first `maxListed` differences, by series, symbol and slot. */
  readonly differences: readonly SinkDifference[];
  /** True when both sides hold the same rows with numerically equal values. */
  readonly inSync: boolean;
}

const PAGE_ROWS = 10_000;

/** Reads one symbol's stored rows page by page, in slot order. */
class SinkCursor {
  readonly #sink: Sink;
  readonly #series: Series;
  readonly #symbol: string;
  readonly #range: TimeRange;
  #page: SinkRecord[] = [];
  #index = 0;
  #nextStartMs: number;
  #exhausted = false;

  constructor(sink: Sink, series: Series, symbol: string, range: TimeRange) {
    this.#sink = sink;
    this.#series = series;
    this.#symbol = symbol;
    this.#range = range;
    this.#nextStartMs = range.startMs;
  }

  /** True when current() needs fill() first. */
  get needsFill(): boolean {
    return this.#index >= this.#page.length && !this.#exhausted;
  }

  async fill(): Promise<void> {
    const rows: readonly SinkRow[] = await this.#sink.readRows(
      this.#series,
      this.#symbol,
      { startMs: this.#nextStartMs, endMs: this.#range.endMs },
      { limit: PAGE_ROWS },
    );
    this.#page = rows.map((row) => toSinkRecord(this.#series, row));
    this.#index = 0;
    const last = this.#page[this.#page.length - 1];
    if (last !== undefined) this.#nextStartMs = last.slotMs + 1;
    this.#exhausted = this.#page.length < PAGE_ROWS;
  }

  current(): SinkRecord | undefined {
    return this.#page[this.#index];
  }

  advance(): void {
    this.#index++;
  }
}

/** Counts and the listed differences, filled in as both sides are read. */
class CheckTally {
  rowsInFiles = 0;
  rowsInSink = 0;
  missingInSink = 0;
  missingInFiles = 0;
  different = 0;
  readonly differences: SinkDifference[] = [];
  readonly #maxListed: number;

  constructor(maxListed: number) {
    this.#maxListed = maxListed;
  }

  add(difference: SinkDifference): void {
    if (difference.kind === 'missing-in-sink') this.missingInSink++;
    else if (difference.kind === 'missing-in-files') this.missingInFiles++;
    else this.different++;
    if (this.differences.length < this.#maxListed) this.differences.push(difference);
  }
}

/** Walks one symbol's file rows and stored rows side by side, both in slot order. */
async function compareSymbol(
  options: CheckSinkOptions,
  scope: SyncScope,
  series: Series,
  symbol: string,
  tally: CheckTally,
): Promise<void> {
  const cursor = new SinkCursor(options.sink, series, symbol, scope.range ?? EVERY_SLOT);
  // The next stored row, after counting every stored row before `slotMs` as missing in the files.
  const storedAt = async (slotMs: number): Promise<SinkRecord | undefined> => {
    for (;;) {
      if (cursor.needsFill) await cursor.fill();
      const stored = cursor.current();
      if (stored === undefined || stored.slotMs >= slotMs) return stored;
      tally.rowsInSink++;
      tally.add({ kind: 'missing-in-files', series, symbol, timestamp: stored.slotMs });
      cursor.advance();
    }
  };
  const fileScope = { dataDir: scope.dataDir, symbols: [symbol], series, range: scope.range };
  for await (const rows of fileRowChunks(fileScope)) {
    for (const row of rows) {
      const file = toSinkRecord(series, row);
      tally.rowsInFiles++;
      const stored = await storedAt(file.slotMs);
      if (stored === undefined || stored.slotMs > file.slotMs) {
        tally.add({ kind: 'missing-in-sink', series, symbol, timestamp: file.slotMs });
        continue;
      }
      tally.rowsInSink++;
      cursor.advance();
      const mismatches = diffRecords(series, file, stored);
      if (mismatches.length === 0) continue;
      const columns = mismatches.map(({ column, left, right }) => ({ column, files: left, sink: right }));
      tally.add({ kind: 'different', series, symbol, timestamp: file.slotMs, columns });
    }
  }
  await storedAt(Number.POSITIVE_INFINITY);
}

/**
 * Compares the day files with the database over a range: rows missing on either side and rows
 * whose values differ (numerically for decimals, an empty cell against a value included). Reads
 * both sides in slot order in constant memory; changes nothing.
 */
export async function checkSink(options: CheckSinkOptions): Promise<CheckResult> {
  const scope = resolveSyncScope(options);
  const tally = new CheckTally(options.maxListed ?? 100);
  const fromFiles = await fileSymbols(scope);
  for (const series of scope.series) {
    const symbols =
      scope.symbols ?? [...new Set([...fromFiles, ...(await options.sink.listSymbols(series))])].sort();
    for (const symbol of symbols) await compareSymbol(options, scope, series, symbol, tally);
  }
  const { rowsInFiles, rowsInSink, missingInSink, missingInFiles, different, differences } = tally;
  const inSync = missingInSink === 0 && missingInFiles === 0 && different === 0;
  return { rowsInFiles, rowsInSink, missingInSink, missingInFiles, different, differences, inSync };
}
