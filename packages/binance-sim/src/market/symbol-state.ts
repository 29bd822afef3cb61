import { nextQuarterDeliveryMs } from './quarter-calendar.ts';
import type { SimSymbol, SimSymbolStatus } from './universe.ts';

/** How long a COIN-M contract stays DELIVERING after its delivery (or delisting) before DELIVERED. */
export const SETTLEMENT_MS = 3_600_000;

/** What exchangeInfo says of a symbol at an instant. */
export interface SymbolState {
  /** Whether exchangeInfo lists it (and the live endpoints know it) at that instant. */
  readonly listed: boolean;
  readonly status: SimSymbolStatus;
  /** e.g. `PERPETUAL`, `CURRENT_QUARTER`, or `CURRENT_QUARTER_DELIVERING` once delivered. */
  readonly contractType: string;
}

const isQuarterly = (symbol: SimSymbol): boolean => symbol.contractType !== 'PERPETUAL';

/** The instant trading ends: a quarterly's delivery, a perpetual's delisting, or never. */
function tradingEndMs(symbol: SimSymbol): number | undefined {
  return isQuarterly(symbol) ? symbol.deliveryDateMs : symbol.delistedAtMs;
}

/** The role of a trading contract: a quarterly is CURRENT_QUARTER once the delivery before its own has passed. */
function roleAt(symbol: SimSymbol, timeMs: number): string {
  if (!isQuarterly(symbol)) return symbol.contractType;
  return nextQuarterDeliveryMs(timeMs) === symbol.deliveryDateMs ? 'CURRENT_QUARTER' : 'NEXT_QUARTER';
}

/**
 * The status and type exchangeInfo shows at an instant. Before its onboard date a symbol is
 * PENDING_TRADING and unlisted; after `removedAtMs` it is unlisted with its last status. A USDⓈ-M
 * perpetual is SETTLING from its delisting. A quarterly (either market) or a COIN-M perpetual is
 * DELIVERING from its delivery (or delisting) for {@link SETTLEMENT_MS}, then DELIVERED, its type
 * suffixed `_DELIVERING`.
 */
export function symbolStateAt(symbol: SimSymbol, timeMs: number): SymbolState {
  const listed =
    timeMs >= symbol.onboardDateMs && (symbol.removedAtMs === undefined || timeMs < symbol.removedAtMs);
  if (timeMs < symbol.onboardDateMs) {
    return { listed, status: 'PENDING_TRADING', contractType: roleAt(symbol, symbol.onboardDateMs) };
  }
  const endMs = tradingEndMs(symbol);
  if (endMs === undefined || timeMs < endMs) {
    return { listed, status: 'TRADING', contractType: roleAt(symbol, timeMs) };
  }
  if (symbol.market === 'um' && !isQuarterly(symbol)) {
    return { listed, status: 'SETTLING', contractType: symbol.contractType };
  }
  return {
    listed,
    status: timeMs < endMs + SETTLEMENT_MS ? 'DELIVERING' : 'DELIVERED',
    contractType: `${isQuarterly(symbol) ? 'CURRENT_QUARTER' : 'PERPETUAL'}_DELIVERING`,
  };
}

/** The instants a contract's market exists: its listing to its last instant (inclusive), or on without end. */
export function marketLife(symbol: SimSymbol): { readonly firstMs: number; readonly lastMs: number } {
  return { firstMs: symbol.onboardDateMs, lastMs: symbol.delistedAtMs ?? Number.POSITIVE_INFINITY };
}
