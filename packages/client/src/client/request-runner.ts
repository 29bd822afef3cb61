import {
  type BinanceApiError,
  type Clock,
  classifyFailure,
  parseBinanceErrorResponse,
  type RequestTarget,
  type RetryPolicyOptions,
  retryWithPolicy,
} from '@oi/retry';
import { type BudgetName, computeRequestCost } from '../budget/endpoint-weight.ts';
import type { RateBudgets, RequestPriority } from '../budget/rate-budgets.ts';
import { formatEndpoint, type HttpAnswer, type HttpTransport } from '../http/http-transport.ts';
import type { Market } from '../market/market-api.ts';
import type { ClientEvent } from './client-events.ts';

/** Per-call options. */
export interface RequestOptions {
  /** Queue priority when a budget is short. @default 'live' */
  readonly priority?: RequestPriority;
  /** Cancels waiting, sending and retrying; its reason is thrown. */
  readonly signal?: AbortSignal;
}

/**
 * When the answered attempt left and when its answer was in, on the client's clock: after the budget
 * granted it, so a wait for the budget never counts as network time.
 */
export interface AttemptTiming {
  readonly sentAtMs: number;
  readonly receivedAtMs: number;
}

/** One GET of an endpoint and how to read its 2xx body. */
export interface EndpointCall<T> {
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly parse: (target: RequestTarget, bodyText: string, timing: AttemptTiming) => T;
}

/** Sends one endpoint call under the budgets, retrying it by the policy. */
export type RunRequest = <T>(call: EndpointCall<T>, options?: RequestOptions) => Promise<T>;

/** What {@link createRequestRunner} needs from the client. */
export interface RequestRunnerOptions {
  /** The client's market, named in every request event. */
  readonly market: Market;
  readonly transport: HttpTransport;
  readonly budgets: RateBudgets;
  readonly clock: Clock;
  readonly retry: Partial<RetryPolicyOptions>;
  readonly emit: (event: ClientEvent) => void;
  /** The server's clock minus ours, ms: a 418 names its end in server time. */
  readonly serverOffsetMs: () => number;
}

// Binance's shortest ban, assumed when a 418 names no end.
const DEFAULT_BAN_MS = 120_000;
const WEIGHT_HEADER = 'x-mbx-used-weight-1m';
const utf8 = new TextDecoder();

/** Builds the one path every request takes: budget, transport, limit answers, retries. */
export function createRequestRunner(options: RequestRunnerOptions): RunRequest {
  const { market, transport, budgets, clock, emit } = options;

  async function sendAttempt<T>(
    call: EndpointCall<T>,
    target: RequestTarget,
    attempt: number,
    priority: RequestPriority,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const cost = computeRequestCost(call.path, call.params);
    const grant = await budgets.acquire({
      budget: cost.budget,
      units: cost.units,
      priority,
      ...(signal === undefined ? {} : { signal }),
      onWait: (waitMs, cause) =>
        emit({ type: 'rate-wait', budget: cost.budget, waitMs, cause, endpoint: target.endpoint, priority }),
    });
    const startedMs = performance.now();
    const sentAtMs = clock.now();
    emit({ type: 'request', ...target, market, attempt, priority, budget: cost.budget, units: cost.units });
    let answer: HttpAnswer;
    try {
      // No hold while waiting on the network: the server (the simulator in tests) may itself wait on
      // the shared virtual clock before answering. Our own work afterwards runs without awaiting I/O.
      answer = await transport.get(call.path, call.params, signal === undefined ? {} : { signal });
    } catch (error) {
      grant.settle();
      throw error;
    }
    const release = clock.hold();
    try {
      const receivedAtMs = clock.now();
      const usedWeight = parseUsedWeight(answer.headers.get(WEIGHT_HEADER));
      const bodyText = utf8.decode(answer.body);
      const failure =
        answer.status >= 200 && answer.status < 300
          ? undefined
          : parseBinanceErrorResponse({
              ...target,
              status: answer.status,
              bodyText,
              retryAfter: answer.headers.get('retry-after'),
              receivedAtMs,
            });
      // The pause or ban goes to the ledger before anything else, so other processes stop sending at once.
      if (failure !== undefined) noteLimitAnswer(failure, cost.budget, receivedAtMs);
      grant.settle(usedWeight === undefined ? {} : { usedWeight });
      emit({
        type: 'response',
        ...target,
        market,
        attempt,
        priority,
        status: answer.status,
        durationMs: Math.round(performance.now() - startedMs),
        ...(usedWeight === undefined ? {} : { usedWeight }),
      });
      if (failure !== undefined) throw failure;
      return call.parse(target, bodyText, { sentAtMs, receivedAtMs });
    } finally {
      release();
    }
  }

  /** A 429 pauses its budget in every process; a 418 pauses every request of every process until the ban ends. */
  function noteLimitAnswer(error: BinanceApiError, budget: BudgetName, receivedAtMs: number): void {
    if (error.status === 429) {
      const failure = classifyFailure(error);
      const untilMs = receivedAtMs + (failure.kind === 'retry' ? (failure.retryAfterMs ?? 0) : 0);
      budgets.pause(budget, untilMs);
      emit({ type: 'rate-limited', budget, untilMs, endpoint: error.endpoint });
    } else if (error.status === 418) {
      const fromHeaderMs = error.retryAfterMs === undefined ? undefined : receivedAtMs + error.retryAfterMs;
      const fromBodyMs =
        error.bannedUntilMs === undefined ? undefined : error.bannedUntilMs - options.serverOffsetMs();
      const untilMs = Math.max(fromHeaderMs ?? 0, fromBodyMs ?? 0) || receivedAtMs + DEFAULT_BAN_MS;
      budgets.ban(untilMs, budget);
      emit({ type: 'banned', untilMs, endpoint: error.endpoint });
    }
  }

  return function runRequest<T>(call: EndpointCall<T>, requestOptions: RequestOptions = {}): Promise<T> {
    const priority = requestOptions.priority ?? 'live';
    const { signal } = requestOptions;
    const target: RequestTarget = { method: 'GET', endpoint: formatEndpoint(call.path, call.params) };
    return retryWithPolicy((attempt) => sendAttempt(call, target, attempt, priority, signal), {
      ...options.retry,
      clock,
      ...(signal === undefined ? {} : { signal }),
      onRetry: (info) =>
        emit({
          type: 'retry',
          ...target,
          market,
          attempt: info.attempt,
          priority,
          delayMs: info.delayMs,
          failure: info.failure,
          message: info.error instanceof Error ? info.error.message : String(info.error),
        }),
    });
  };
}

function parseUsedWeight(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}
