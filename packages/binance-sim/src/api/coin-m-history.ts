import { COIN_M_HISTORY_TYPES } from '../market/contract-roles.ts';
import type { SimContractType } from '../market/universe.ts';
import { errorResponse, type SimResponse } from '../server/sim-response.ts';
import { answerHistory, type HistorySubject, invalidParam, servedRowsAt } from './history-window.ts';
import type { MarketContext } from './market-context.ts';
import { missingParam } from './query-params.ts';

/** A COIN-M history row exactly as served: no `symbol`, no `CMCCirculatingSupply`; OI in contracts, value in the coin. */
export interface CoinMHistoryRow {
  readonly contractType: SimContractType;
  readonly sumOpenInterest: string;
  readonly sumOpenInterestValue: string;
  readonly pair: string;
  readonly timestamp: number;
}

const isContractType = (value: string): value is SimContractType =>
  (COIN_M_HISTORY_TYPES as readonly string[]).includes(value);

/** The row of a role at a slot: the snapshot of the contract that held the role then, or undefined. */
function buildCoinMHistoryRow(
  context: MarketContext,
  pair: string,
  contractType: SimContractType,
  slotMs: number,
): CoinMHistoryRow | undefined {
  const contract = context.roles.contractAt(pair, contractType, slotMs);
  if (contract === undefined) return undefined;
  const values = context.series.historyValuesAt(contract, slotMs);
  return {
    contractType,
    sumOpenInterest: values.sumOpenInterest,
    sumOpenInterestValue: values.sumOpenInterestValue,
    pair,
    timestamp: slotMs,
  };
}

/** The history of some roles of a pair: the union of the roles' spans, a row per role with a holder. */
function roleHistory(
  context: MarketContext,
  pair: string,
  types: readonly SimContractType[],
): HistorySubject<CoinMHistoryRow> {
  const spans = types.flatMap((type) => context.roles.spanOf(pair, type) ?? []);
  return {
    life:
      spans.length === 0
        ? undefined
        : {
            firstMs: Math.min(...spans.map((span) => span.firstMs)),
            lastMs: Math.max(...spans.map((span) => span.lastMs)),
          },
    rowsAt: (slotMs) => types.flatMap((type) => buildCoinMHistoryRow(context, pair, type, slotMs) ?? []),
  };
}

/** The row the server would give for (pair, role, period, slot) now, or undefined when not servable. */
export function findCoinMHistoryRow(
  context: MarketContext,
  pair: string,
  contractType: SimContractType,
  period: string,
  slotMs: number,
): CoinMHistoryRow | undefined {
  return servedRowsAt(context, roleHistory(context, pair, [contractType]), period, slotMs)[0];
}

/**
 * `GET /futures/data/openInterestHist` with `pair` and `contractType` (the COIN-M form of the dapi
 * host): the same periods, limit, bounds, retention wall and publication delay as the USDⓈ-M form.
 * Each row belongs to the contract that held the role at its timestamp, so CURRENT_QUARTER rows
 * change contract at a delivery. `ALL` gives, per slot, one row for each role that has a holder
 * (PERPETUAL, CURRENT_QUARTER, NEXT_QUARTER); `limit` counts slots.
 */
export function answerCoinMOpenInterestHistory(
  context: MarketContext,
  query: Readonly<Record<string, string>>,
): SimResponse {
  return answerHistory(context, query, () => {
    const pair = query['pair'];
    if (pair === undefined || pair === '') return missingParam('pair');
    const contractType = query['contractType'];
    if (contractType === undefined || contractType === '') return missingParam('contractType');
    if (contractType !== 'ALL' && !isContractType(contractType)) return invalidParam('contractType');
    if (!context.roles.pairs.has(pair)) return errorResponse(400, -1121, 'Invalid symbol.');
    return roleHistory(context, pair, contractType === 'ALL' ? COIN_M_HISTORY_TYPES : [contractType]);
  });
}
