import { OiError } from '@oi/errors';
import { listingsStatePath, type Market, readJsonFile, writeFileDurably } from '@oi/storage';
import { z } from 'zod';
import type { Listing } from '../grid/slot-grid.ts';

// What the collector learned of each symbol it followed, kept in `<data>/state/listings.json` so that
// commands that never ask the exchange (`oi stats`, `oi gaps`) know a symbol has ended, and when.

/** What the collector learned of one symbol it followed. */
export interface SymbolLifecycle {
  /** The symbol. */
  readonly symbol: string;
  /** `um` (USDⓈ-M) or `cm` (COIN-M). */
  readonly market: Market;
  /** The last status the listings showed (`TRADING`, `SETTLING`, `DELIVERING`, `DELIVERED`, ...). */
  readonly status: string;
  /** Whether the last listings read still listed it (a delisted symbol leaves them in the end). */
  readonly listed: boolean;
  /** Its contract type as last listed, when given. */
  readonly contractType?: string;
  /** Listing time, epoch ms. */
  readonly onboardDateMs: number;
  /** Delivery or delisting time as listed, epoch ms (far in the future for a perpetual with no delisting announced). */
  readonly deliveryDateMs: number;
  /** When its trading ended, once it has: its delivery or delisting time, or when it was found not trading. */
  readonly endedAtMs?: number;
  /** Exchange time this record last changed, epoch ms. */
  readonly updatedAtMs: number;
}

const lifecycleSchema = z.object({
  market: z.enum(['um', 'cm']),
  status: z.string(),
  listed: z.boolean(),
  contractType: z.string().optional(),
  onboardDateMs: z.number(),
  deliveryDateMs: z.number(),
  endedAtMs: z.number().optional(),
  updatedAtMs: z.number(),
});
const stateSchema = z.object({ version: z.literal(1), symbols: z.record(z.string(), lifecycleSchema) });

/**
 * Every symbol's lifecycle as the collector last recorded it; empty when no collector has recorded
 * any. A file that is not a listings state throws `OiError` `LISTINGS_STATE_UNREADABLE` naming it.
 */
export async function readSymbolLifecycles(dataDir: string): Promise<ReadonlyMap<string, SymbolLifecycle>> {
  const path = listingsStatePath(dataDir);
  const read = await readJsonFile(path, stateSchema);
  if (read.kind === 'absent') return new Map();
  if (read.kind === 'invalid') {
    throw new OiError('LISTINGS_STATE_UNREADABLE', `${path} is not a listings state (${read.problem})`, {
      cause: read.cause,
    });
  }
  return new Map(
    Object.entries(read.value.symbols).map(([symbol, record]) => [symbol, lifecycleOf(symbol, record)]),
  );
}

function lifecycleOf(symbol: string, record: z.infer<typeof lifecycleSchema>): SymbolLifecycle {
  const { contractType, endedAtMs, ...rest } = record;
  return {
    symbol,
    ...rest,
    ...(contractType === undefined ? {} : { contractType }),
    ...(endedAtMs === undefined ? {} : { endedAtMs }),
  };
}

// Two collectors of one process (one per market) save into the same file: their saves take turns,
// each merging its records into what the other wrote.
const saving = new Map<string, Promise<unknown>>();

/**
 * Records `lifecycles` in the data directory's listings state, replacing the records of the same
 * symbols and keeping the others (a damaged file is replaced). Written durably.
 */
export function saveSymbolLifecycles(dataDir: string, lifecycles: readonly SymbolLifecycle[]): Promise<void> {
  const path = listingsStatePath(dataDir);
  const save = async (): Promise<void> => {
    const read = await readJsonFile(path, stateSchema);
    const symbols: Record<string, z.infer<typeof lifecycleSchema>> = read.kind === 'read'
      ? { ...read.value.symbols }
      : {};
    for (const { symbol, ...record } of lifecycles) symbols[symbol] = record;
    const lines = Object.keys(symbols)
      .sort()
      .map((symbol) => `  ${JSON.stringify(symbol)}: ${JSON.stringify(symbols[symbol])}`);
    await writeFileDurably(path, `{"version": 1, "symbols": {\n${lines.join(',\n')}\n}}\n`);
  };
  const turn = (saving.get(path) ?? Promise.resolve()).then(save, save);
  const settled = turn.catch(() => undefined);
  saving.set(path, settled);
  void settled.then(() => {
    if (saving.get(path) === settled) saving.delete(path);
  });
  return turn;
}

/**
 * The listings `scanGaps` takes, with what the collector learned: a symbol that ended is expected
 * up to its end (so no slot after it counts as a gap), also once the exchange no longer lists it.
 */
export function listingsWithLifecycles(
  listings: ReadonlyMap<string, Listing>,
  lifecycles: ReadonlyMap<string, SymbolLifecycle>,
): ReadonlyMap<string, Listing> {
  const merged = new Map<string, Listing>(listings);
  for (const [symbol, lifecycle] of lifecycles) {
    const listing = listings.get(symbol);
    const endMs = Math.min(
      listing?.deliveryDateMs ?? Number.POSITIVE_INFINITY,
      lifecycle.endedAtMs ?? lifecycle.deliveryDateMs,
    );
    merged.set(symbol, {
      onboardDateMs: listing?.onboardDateMs ?? lifecycle.onboardDateMs,
      deliveryDateMs: endMs,
    });
  }
  return merged;
}
