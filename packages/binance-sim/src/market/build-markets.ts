import { OiError } from '@oi/errors';
import { buildCoinMUniverse, generatedCoinMPerpetual } from './coin-m-universe.ts';
import { symbolStateAt } from './symbol-state.ts';
import { buildUniverse, generatedSymbol, type SimSymbol } from './universe.ts';

/** A contract that lists at a chosen instant: `<BASE>USDT` (USDⓈ-M) or `<BASE>USD_PERP` (COIN-M). */
export interface ScheduledListing {
  readonly symbol: string;
  /** Server time of the listing (its onboardDate): absent from exchangeInfo before it. */
  readonly atMs: number;
}

/** A perpetual (of either market) that is delisted at a chosen instant. */
export interface ScheduledDelisting {
  readonly symbol: string;
  /**
   * Server time trading stops: USDⓈ-M turns SETTLING, COIN-M DELIVERING then DELIVERED; both
   * answer -4108 and serve history up to this instant. Its deliveryDate says this time from the start.
   */
  readonly atMs: number;
  /** From this server time the symbol is gone from exchangeInfo and the live endpoints. @default never */
  readonly removeAtMs?: number;
}

/** What both markets are built from. */
export interface MarketsOptions {
  readonly startMs: number;
  readonly seed: number;
  readonly extraSymbols: number;
  readonly coinMExtraSymbols: number;
  readonly quarterHorizonMs: number;
  readonly listings: readonly ScheduledListing[];
  readonly delistings: readonly ScheduledDelisting[];
}

const invalid = (message: string): OiError => new OiError('SIM_INVALID_OPTION', message);

function listedSymbol(seed: number, listing: ScheduledListing): SimSymbol {
  if (!Number.isFinite(listing.atMs)) throw invalid(`listing ${listing.symbol}: atMs must be a number`);
  const coinM = /^([A-Z0-9]{2,20})USD_PERP$/.exec(listing.symbol);
  if (coinM !== null) return generatedCoinMPerpetual(seed, coinM[1]!, listing.atMs, 'listing');
  const usdMargined = /^([A-Z0-9]{2,20})USDT$/.exec(listing.symbol);
  if (usdMargined !== null) return generatedSymbol(seed, usdMargined[1]!, listing.atMs, 'listing');
  throw invalid(`listing ${JSON.stringify(listing.symbol)}: name it <BASE>USDT or <BASE>USD_PERP`);
}

function delisted(symbol: SimSymbol, delisting: ScheduledDelisting): SimSymbol {
  const { atMs, removeAtMs } = delisting;
  if (symbol.contractType !== 'PERPETUAL' || symbol.delistedAtMs !== undefined) {
    throw invalid(
      `delisting ${symbol.symbol}: only a trading perpetual can be delisted (quarterlies deliver)`,
    );
  }
  if (!Number.isFinite(atMs) || atMs <= symbol.onboardDateMs) {
    throw invalid(`delisting ${symbol.symbol}: atMs must be a number after its listing`);
  }
  if (removeAtMs !== undefined && !(removeAtMs >= atMs)) {
    throw invalid(`delisting ${symbol.symbol}: removeAtMs must not be before atMs`);
  }
  return {
    ...symbol,
    deliveryDateMs: atMs,
    delistedAtMs: atMs,
    ...(removeAtMs === undefined ? {} : { removedAtMs: removeAtMs }),
  };
}

/** The status (and a quarterly's role) at simulator start, as `SimSymbol` records them. */
function atStart(symbol: SimSymbol, startMs: number): SimSymbol {
  const state = symbolStateAt(symbol, startMs);
  const role = state.contractType;
  const contractType =
    symbol.contractType === 'PERPETUAL' || (role !== 'CURRENT_QUARTER' && role !== 'NEXT_QUARTER')
      ? symbol.contractType
      : role;
  return { ...symbol, status: state.status, contractType };
}

/**
 * Both markets' contracts: the USDⓈ-M universe and the COIN-M one, with the configured listings
 * added and delistings applied. Throws `OiError` `SIM_INVALID_OPTION` for a listing that is
 * malformed or already exists, or a delisting of an unknown symbol or of a non-perpetual.
 */
export function buildMarkets(options: MarketsOptions): { um: SimSymbol[]; cm: SimSymbol[] } {
  const { startMs, seed } = options;
  const um = [...buildUniverse({ startMs, seed, extraSymbols: options.extraSymbols })];
  const cm = buildCoinMUniverse({
    startMs,
    seed,
    extraSymbols: options.coinMExtraSymbols,
    horizonMs: options.quarterHorizonMs,
  });
  const exists = (name: string): boolean => [...um, ...cm].some((symbol) => symbol.symbol === name);
  for (const listing of options.listings) {
    if (exists(listing.symbol)) throw invalid(`listing ${listing.symbol}: the symbol already exists`);
    const symbol = listedSymbol(seed, listing);
    (symbol.market === 'cm' ? cm : um).push(symbol);
  }
  for (const delisting of options.delistings) {
    const market = [um, cm].find((symbols) => symbols.some((symbol) => symbol.symbol === delisting.symbol));
    if (market === undefined) throw invalid(`delisting ${JSON.stringify(delisting.symbol)}: no such symbol`);
    const index = market.findIndex((symbol) => symbol.symbol === delisting.symbol);
    market[index] = delisted(market[index]!, delisting);
  }
  return {
    um: um.map((symbol) => atStart(symbol, startMs)),
    cm: cm.map((symbol) => atStart(symbol, startMs)),
  };
}
