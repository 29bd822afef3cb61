import { nextQuarterDeliveryMs } from './quarter-calendar.ts';
import type { SimContractType, SimSymbol } from './universe.ts';

/** The `contractType` values of the COIN-M openInterestHist, in the order `ALL` lists their rows. */
export const COIN_M_HISTORY_TYPES: readonly SimContractType[] = [
  'PERPETUAL',
  'CURRENT_QUARTER',
  'NEXT_QUARTER',
];

/** Which COIN-M contract holds a role (perpetual, current or next quarter) of a pair at an instant. */
export interface ContractRoles {
  /** Every pair with at least one contract, e.g. `BTCUSD`. */
  readonly pairs: ReadonlySet<string>;
  /**
   * The contract holding the role at `timeMs`, or undefined. A quarterly holds CURRENT_QUARTER
   * from the delivery before its own (inclusive) to its own (exclusive), and NEXT_QUARTER the
   * quarter before that; a perpetual holds PERPETUAL from its listing to its delisting (inclusive).
   */
  contractAt(pair: string, contractType: SimContractType, timeMs: number): SimSymbol | undefined;
  /** From the first holder's listing to the last holder's end, or undefined when the role has none. */
  spanOf(pair: string, contractType: SimContractType): { firstMs: number; lastMs: number } | undefined;
}

/** Indexes the COIN-M contracts by pair, role and delivery. */
export function createContractRoles(contracts: readonly SimSymbol[]): ContractRoles {
  const perpetuals = new Map<string, SimSymbol>();
  const quarterlies = new Map<string, SimSymbol>();
  const quarterSpans = new Map<string, { firstMs: number; lastMs: number }>();
  for (const contract of contracts) {
    if (contract.contractType === 'PERPETUAL') {
      perpetuals.set(contract.pair, contract);
      continue;
    }
    quarterlies.set(`${contract.pair}|${contract.deliveryDateMs}`, contract);
    const lastMs = contract.delistedAtMs ?? contract.deliveryDateMs;
    const span = quarterSpans.get(contract.pair);
    quarterSpans.set(contract.pair, {
      firstMs: Math.min(span?.firstMs ?? contract.onboardDateMs, contract.onboardDateMs),
      lastMs: Math.max(span?.lastMs ?? lastMs, lastMs),
    });
  }
  const quarterlyAt = (pair: string, deliveryMs: number, timeMs: number): SimSymbol | undefined => {
    const contract = quarterlies.get(`${pair}|${deliveryMs}`);
    return contract !== undefined && contract.onboardDateMs <= timeMs ? contract : undefined;
  };
  return {
    pairs: new Set(contracts.map((contract) => contract.pair)),
    contractAt(pair, contractType, timeMs) {
      if (contractType === 'PERPETUAL') {
        const perpetual = perpetuals.get(pair);
        if (perpetual === undefined || timeMs < perpetual.onboardDateMs) return undefined;
        return perpetual.delistedAtMs !== undefined && timeMs > perpetual.delistedAtMs
          ? undefined
          : perpetual;
      }
      const currentMs = nextQuarterDeliveryMs(timeMs);
      return quarterlyAt(
        pair,
        contractType === 'CURRENT_QUARTER' ? currentMs : nextQuarterDeliveryMs(currentMs),
        timeMs,
      );
    },
    spanOf(pair, contractType) {
      if (contractType !== 'PERPETUAL') return quarterSpans.get(pair);
      const perpetual = perpetuals.get(pair);
      if (perpetual === undefined) return undefined;
      return {
        firstMs: perpetual.onboardDateMs,
        lastMs: perpetual.delistedAtMs ?? Number.POSITIVE_INFINITY,
      };
    },
  };
}
