import type { CollectorEventHandler, DropReason } from './collector-event.ts';

/** The symbols still worth asking about; a symbol that fails for good is reported once and left out. */
export interface SymbolRoster {
  /** Symbols not dropped, in the original order. */
  active(): string[];
  /** Whether a symbol is still collected. */
  isActive(symbol: string): boolean;
  /** Leaves a symbol out from now on; reports it once (`symbol-dropped`). */
  drop(symbol: string, reason: DropReason, detail: string): void;
  /** Dropped symbols and why. */
  dropped(): ReadonlyMap<string, DropReason>;
}

/** A roster over `symbols` that reports drops through `onEvent`. */
export function createSymbolRoster(
  symbols: readonly string[],
  onEvent?: CollectorEventHandler,
): SymbolRoster {
  const all = [...new Set(symbols)];
  const dropped = new Map<string, DropReason>();
  return {
    active: () => all.filter((symbol) => !dropped.has(symbol)),
    isActive: (symbol) => all.includes(symbol) && !dropped.has(symbol),
    drop: (symbol, reason, detail) => {
      if (dropped.has(symbol)) return;
      dropped.set(symbol, reason);
      onEvent?.({ type: 'symbol-dropped', symbol, reason, detail });
    },
    dropped: () => dropped,
  };
}
