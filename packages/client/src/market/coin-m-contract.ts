import type { TimeRange } from '../parse/records.ts';
import { quarterlyDeliveryBefore } from './quarter-calendar.ts';

/** What a COIN-M contract symbol names: its pair, perpetual or quarterly, and a quarterly's delivery. */
export interface CoinMContract {
  /** The pair the history endpoint is asked for, e.g. `BTCUSD`. */
  readonly pair: string;
  /** `PERPETUAL` for `<PAIR>_PERP`, `QUARTERLY` for `<PAIR>_YYMMDD`. */
  readonly contractType: 'PERPETUAL' | 'QUARTERLY';
  /** A quarterly's delivery: 08:00 UTC of the day its name carries, epoch ms. */
  readonly deliveryMs?: number;
}

/** A history role of a COIN-M pair: the `contractType` of `/futures/data/openInterestHist` on dapi. */
export type CoinMRole = 'PERPETUAL' | 'CURRENT_QUARTER' | 'NEXT_QUARTER';

/** The span in which one contract holds one role: the rows of `role` in `range` are that contract's. */
export interface CoinMRoleWindow {
  /** The role whose rows belong to the contract in `range`. */
  readonly role: CoinMRole;
  /** Half-open; unbounded ends are infinite. */
  readonly range: TimeRange;
}

const COIN_M_SYMBOL = /^([A-Z0-9]+USD)_(PERP|\d{6})$/;

/** Whether `symbol` names a COIN-M contract: `<COIN>USD_PERP` or `<COIN>USD_YYMMDD`. */
export function isCoinMSymbol(symbol: string): boolean {
  return COIN_M_SYMBOL.test(symbol);
}

/** Reads a COIN-M contract symbol; undefined for anything else, a quarterly with no such date included. */
export function coinMContractOf(symbol: string): CoinMContract | undefined {
  const match = COIN_M_SYMBOL.exec(symbol);
  if (match === null) return undefined;
  const pair = match[1]!;
  const suffix = match[2]!;
  if (suffix === 'PERP') return Object.freeze({ pair, contractType: 'PERPETUAL' });
  const year = 2000 + Number(suffix.slice(0, 2));
  const monthIndex = Number(suffix.slice(2, 4)) - 1;
  const day = Number(suffix.slice(4, 6));
  const deliveryMs = Date.UTC(year, monthIndex, day, 8);
  // Date.UTC rolls 2026-02-30 over into March: a name whose date does not exist names no contract.
  const date = new Date(deliveryMs);
  if (date.getUTCMonth() !== monthIndex || date.getUTCDate() !== day) return undefined;
  return Object.freeze({ pair, contractType: 'QUARTERLY', deliveryMs });
}

/**
 * Where a contract's rows are in the history of its pair. A perpetual holds PERPETUAL for all time.
 * A quarterly is listed at the quarterly delivery two before its own and holds NEXT_QUARTER until
 * the delivery before its own, then CURRENT_QUARTER until its own delivery. Roles change AT a
 * delivery instant: the rows labelled with it belong to the contracts that rolled in, so each
 * window is half-open and a delivered contract's rows end one slot before its delivery. A
 * quarterly whose date is no quarterly delivery (last Friday of Mar/Jun/Sep/Dec) has none.
 */
export function coinMRoleWindows(contract: CoinMContract): readonly CoinMRoleWindow[] {
  if (contract.deliveryMs === undefined) {
    return [
      { role: 'PERPETUAL', range: { startMs: Number.NEGATIVE_INFINITY, endMs: Number.POSITIVE_INFINITY } },
    ];
  }
  // A date that is no quarterly delivery names no contract that ever held a role.
  if (quarterlyDeliveryBefore(contract.deliveryMs + 1) !== contract.deliveryMs) return [];
  const currentFromMs = quarterlyDeliveryBefore(contract.deliveryMs);
  const listedAtMs = quarterlyDeliveryBefore(currentFromMs);
  return [
    { role: 'NEXT_QUARTER', range: { startMs: listedAtMs, endMs: currentFromMs } },
    { role: 'CURRENT_QUARTER', range: { startMs: currentFromMs, endMs: contract.deliveryMs } },
  ];
}
