import { readSymbolLifecycles } from '@oi/recovery';

/** A symbol that stopped trading, as `oi stats` and `oi gaps` show it: ended, not failing. */
export interface EndedSymbol {
  readonly symbol: string;
  readonly market: 'um' | 'cm';
  /** The status the exchange last listed (`SETTLING`, `DELIVERED`, ...), or `gone` once unlisted. */
  readonly status: string;
  /** When its trading ended, epoch ms. */
  readonly endedAtMs: number;
}

/**
 * The symbols among `symbols` (every one when undefined) that a collector saw end, from the data
 * directory's listings state: nothing is expected of them after their end, and that is no failure.
 */
export async function listEndedSymbols(dataDir: string, symbols?: readonly string[]): Promise<EndedSymbol[]> {
  const ended: EndedSymbol[] = [];
  for (const [symbol, lifecycle] of await readSymbolLifecycles(dataDir)) {
    if (lifecycle.endedAtMs === undefined || (symbols !== undefined && !symbols.includes(symbol))) continue;
    ended.push({
      symbol,
      market: lifecycle.market,
      status: lifecycle.listed ? lifecycle.status : 'gone',
      endedAtMs: lifecycle.endedAtMs,
    });
  }
  return ended.sort((a, b) => a.symbol.localeCompare(b.symbol));
}

/** A line for a command's human summary naming the ended symbols; empty when there are none. */
export function endedNote(ended: readonly EndedSymbol[]): string {
  if (ended.length === 0) return '';
  const each = ended.map(
    (entry) =>
      `${entry.symbol} (${entry.status}, ${new Date(entry.endedAtMs).toISOString().slice(0, 16).replace('T', ' ')})`,
  );
  return `\nended, nothing expected after: ${each.join(', ')}`;
}
