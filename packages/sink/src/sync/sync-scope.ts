import { ALL_SERIES, listSymbols, type Series, type TimeRange } from '@oi/storage';
import { assertSinkRange, assertSinkSeries, assertSinkSymbol } from '../values/sink-arguments.ts';

/** What syncSink and checkSink cover, as their callers may give it. */
export interface SyncScopeOptions {
  readonly dataDir: string;
  /** @default every symbol that has a folder in the data directory */
  readonly symbols?: readonly string[];
  /** Slots inside this range. @default every slot */
  readonly range?: TimeRange;
  /** @default both series */
  readonly series?: readonly Series[];
}

/** The scope with every part validated. */
export interface SyncScope {
  readonly dataDir: string;
  /** Undefined: every symbol of the data directory (and, for a check, of the database). */
  readonly symbols: readonly string[] | undefined;
  /** Undefined: every slot. */
  readonly range: TimeRange | undefined;
  readonly series: readonly Series[];
}

/** The largest range: what "every slot" means for a database query. */
export const EVERY_SLOT: TimeRange = { startMs: 0, endMs: Number.MAX_SAFE_INTEGER };

/** Validates SyncScopeOptions; throws InvalidSinkArgumentError on a bad symbol, series or range. */
export function resolveSyncScope(options: SyncScopeOptions): SyncScope {
  return {
    dataDir: options.dataDir,
    symbols: options.symbols === undefined ? undefined : [...new Set(options.symbols.map(assertSinkSymbol))],
    range: options.range === undefined ? undefined : assertSinkRange(options.range),
    series: [...new Set((options.series ?? ALL_SERIES).map(assertSinkSeries))],
  };
}

/** The scope's symbols, or those of the data directory. */
export async function fileSymbols(scope: SyncScope): Promise<readonly string[]> {
  return scope.symbols ?? (await listSymbols(scope.dataDir));
}
