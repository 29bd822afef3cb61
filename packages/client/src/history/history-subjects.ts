import { coinMContractOf, coinMRoleWindows } from '../market/coin-m-contract.ts';
import { InvalidSymbolError } from '../market/invalid-symbol-error.ts';
import type { Market } from '../market/market-api.ts';
import type { TimeRange } from '../parse/records.ts';

/**
 * One way of asking openInterestHist for a symbol's rows, and the span in which the rows it gives
 * are that symbol's: USD-M asks by `symbol` for all time; COIN-M asks by `pair` + `contractType`,
 * and a role's rows are the contract's only while it holds the role.
 */
export interface HistorySubject {
  /** Half-open span whose rows belong to the symbol; ends may be infinite. */
  readonly range: TimeRange;
  /** The query parameters that name it besides period, limit and times. */
  readonly params: Readonly<Record<string, string>>;
}

/** A part of a range: asked for through `subject`, or outside every subject (before or after a contract's life). */
export interface SubjectPiece {
  readonly range: TimeRange;
  readonly subject?: HistorySubject;
}

const ALL_TIME: TimeRange = { startMs: Number.NEGATIVE_INFINITY, endMs: Number.POSITIVE_INFINITY };

/** The subjects of `symbol` on `market`, in time order and contiguous; throws {@link InvalidSymbolError}. */
export function historySubjectsOf(market: Market, symbol: string): readonly HistorySubject[] {
  if (market === 'um') return [{ range: ALL_TIME, params: { symbol } }];
  const contract = coinMContractOf(symbol);
  if (contract === undefined) {
    throw new InvalidSymbolError(symbol, 'a COIN-M history needs a contract symbol such as BTCUSD_PERP');
  }
  const windows = coinMRoleWindows(contract);
  if (windows.length === 0) {
    throw new InvalidSymbolError(
      symbol,
      'its date is no quarterly delivery (last Friday of Mar/Jun/Sep/Dec)',
    );
  }
  return windows.map((window) => ({
    range: window.range,
    params: { pair: contract.pair, contractType: window.role },
  }));
}

const ceilTo = (valueMs: number, stepMs: number): number =>
  Number.isFinite(valueMs) ? Math.ceil(valueMs / stepMs) * stepMs : valueMs;

/**
 * Cuts `range` at the subjects' boundaries, moved up to the slot grid so each slot lands in the
 * piece of the subject that holds its timestamp; parts outside every subject are pieces without one.
 */
export function splitBySubjects(
  range: TimeRange,
  subjects: readonly HistorySubject[],
  slotMs: number,
): readonly SubjectPiece[] {
  const pieces: SubjectPiece[] = [];
  let cursorMs = range.startMs;
  for (const subject of subjects) {
    const startMs = Math.max(cursorMs, ceilTo(subject.range.startMs, slotMs));
    const endMs = Math.min(range.endMs, ceilTo(subject.range.endMs, slotMs));
    if (endMs <= startMs) continue;
    if (startMs > cursorMs) pieces.push({ range: { startMs: cursorMs, endMs: startMs } });
    pieces.push({ range: { startMs, endMs }, subject });
    cursorMs = endMs;
  }
  if (cursorMs < range.endMs) pieces.push({ range: { startMs: cursorMs, endMs: range.endMs } });
  return pieces;
}
