import type { ArchiveMarket } from '@oi/archive';
import { marketOfSymbol } from '@oi/storage';

/** The archive market a symbol's files are under: `cm` for COIN-M contracts, `um` for the rest. */
export function archiveMarketOf(symbol: string): ArchiveMarket {
  return marketOfSymbol(symbol);
}
