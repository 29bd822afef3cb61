import type { FailureClass } from '@oi/retry';
import type { BudgetName } from '../budget/endpoint-weight.ts';
import type { BudgetEvent, RequestPriority, WaitCause } from '../budget/rate-budgets.ts';
import type { Market } from '../market/market-api.ts';

/** Fields every request-related event carries; `endpoint` is path and query, never a host or credentials. */
export interface RequestEventBase {
  /** HTTP method. */
  readonly method: string;
  /**
   * Path and query, e.g. `/fapi/v1/openInterest?symbol=BTCUSDT`, `/dapi/v1/openInterest?symbol=BTCUSD_PERP`,
   * `/futures/data/openInterestHist?pair=BTCUSD&contractType=PERPETUAL&...` (COIN-M history).
   */
  readonly endpoint: string;
  /** The client's market: tells the two hosts' `/futures/data` calls apart without reading the query. */
  readonly market: Market;
  /** 1 for the first try. */
  readonly attempt: number;
  /** Queue priority of the request. */
  readonly priority: RequestPriority;
}

/** What the client reports through `onEvent`; the CLI's logger turns these into log lines. */
export type ClientEvent =
  | (RequestEventBase & { readonly type: 'request'; readonly budget: BudgetName; readonly units: number })
  | (RequestEventBase & {
      readonly type: 'response';
      readonly status: number;
      /** Real time from sending to the complete body, ms. */
      readonly durationMs: number;
      /** `X-MBX-USED-WEIGHT-1M`, when sent. */
      readonly usedWeight?: number;
    })
  | (RequestEventBase & {
      readonly type: 'retry';
      /** Wait before the next attempt, ms. */
      readonly delayMs: number;
      /** Why it is retried. */
      readonly failure: FailureClass;
      /** The failed attempt's error message (never contains credentials). */
      readonly message: string;
    })
  | {
      readonly type: 'rate-wait';
      /** The budget that is full, paused or banned. */
      readonly budget: BudgetName;
      /** Expected wait, ms. */
      readonly waitMs: number;
      /** Why: budget full, paused (429), banned (418), paced after a 429, or live requests of another process first. */
      readonly cause: WaitCause;
      /** The request that waits. */
      readonly endpoint: string;
      /** Its priority. */
      readonly priority: RequestPriority;
    }
  | {
      readonly type: 'rate-limited';
      /** The budget that drew the 429; no request of it leaves any process of the route before `untilMs`. */
      readonly budget: BudgetName;
      /** Retry-After, or the window's end, epoch ms. */
      readonly untilMs: number;
      /** The request that drew the 429. */
      readonly endpoint: string;
    }
  | {
      readonly type: 'banned';
      /** Every request of every process of the route waits until then, epoch ms. */
      readonly untilMs: number;
      /** The request that drew the 418. */
      readonly endpoint: string;
    }
  | BudgetEvent;
