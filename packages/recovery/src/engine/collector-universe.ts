import { SERIES_SLOT_MS } from '@oi/storage';
import type { ListedSymbol } from './listings.ts';

/**
 * The symbols a collector follows. `all`: every TRADING perpetual of the listings (`contracts: 'all'`
 * adds the quarterlies), new listings included as they appear. `list`: these symbols, each while
 * the listings show it; one listed later joins then.
 */
export type CollectorUniverse =
  | { readonly kind: 'all'; readonly contracts: 'perpetual' | 'all' }
  | { readonly kind: 'list'; readonly symbols: readonly string[] };

// A delivery contract's name ends in its delivery date: `BTCUSDT_260327`, `BTCUSD_260626`.
const DELIVERY_SUFFIX = /_\d{6}$/;

/**
 * Whether a contract delivers (a quarterly) rather than runs on: its contract type names a quarter
 * or, when the listing no longer says (settled contracts may show an empty type), its name ends in
 * a delivery date.
 */
export function isDeliveryContract(listed: Pick<ListedSymbol, 'symbol' | 'contractType'>): boolean {
  const type = listed.contractType ?? '';
  if (type.includes('QUARTER')) return true;
  if (type.startsWith('PERPETUAL')) return false;
  return DELIVERY_SUFFIX.test(listed.symbol);
}

/** Whether a listing is trading, the only state with live open interest. */
export function isTrading(listed: Pick<ListedSymbol, 'status'>): boolean {
  return listed.status === 'TRADING';
}

/** Whether `universe` takes a listed contract while it trades. */
export function universeTakes(universe: CollectorUniverse, listed: ListedSymbol): boolean {
  if (universe.kind === 'list') return universe.symbols.includes(listed.symbol);
  return universe.contracts === 'all' || !isDeliveryContract(listed);
}

/** The symbols `universe` takes at the start, in listing order (a list keeps its own order). */
export function universeSymbols(
  universe: CollectorUniverse,
  listings: ReadonlyMap<string, ListedSymbol>,
): string[] {
  if (universe.kind === 'list') return [...new Set(universe.symbols)];
  return [...listings.values()]
    .filter((listed) => isTrading(listed) && universeTakes(universe, listed))
    .map((listed) => listed.symbol);
}

/**
 * The end (exclusive) of the 5m slots a contract's history can hold. A perpetual's series stops at
 * its delisting instant, and the history API serves the snapshot taken then, so the slot at (or
 * just before) that instant is its last. A delivery contract stops trading just before its
 * delivery, whose instant opens the next contract's slot.
 */
export function historyEndMs(
  listed: Pick<ListedSymbol, 'symbol' | 'contractType' | 'deliveryDateMs'>,
): number {
  const slotMs = SERIES_SLOT_MS['5m'];
  if (isDeliveryContract(listed)) return Math.ceil(listed.deliveryDateMs / slotMs) * slotMs;
  return Math.floor(listed.deliveryDateMs / slotMs) * slotMs + slotMs;
}

/** `listed` as the history runners take it: its `deliveryDateMs` is the end of its 5m history ({@link historyEndMs}). */
export function historyListingOf(listed: ListedSymbol): ListedSymbol {
  return { ...listed, deliveryDateMs: historyEndMs(listed) };
}

/**
 * The listings with each contract's `deliveryDateMs` moved to the end of its 5m history
 * ({@link historyEndMs}): what a backfill of a delisted perpetual takes so that the slot at its
 * delisting instant, which the API serves, is asked for too.
 */
export function historyListingsFrom(
  listings: ReadonlyMap<string, ListedSymbol>,
): ReadonlyMap<string, ListedSymbol> {
  return new Map([...listings].map(([symbol, listed]) => [symbol, historyListingOf(listed)]));
}
