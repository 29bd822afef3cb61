/** The exchange's limits; every one is configurable so tests can shrink minutes to seconds. */
export interface SimLimits {
  /** Request weight allowed per weight window. @default 2400 */
  weightPerWindow: number;
  /** Weight window length, aligned to the server clock like Binance's minute. @default 60000 */
  weightWindowMs: number;
  /** `/futures/data/*` requests allowed per history window. @default 1000 */
  historyRequestsPerWindow: number;
  /** History window length, aligned to the server clock. @default 300000 */
  historyWindowMs: number;
  /** First ban length; each further ban doubles it. @default 120000 */
  banMs: number;
  /** Longest ban (Binance: 3 days). @default 259200000 */
  maxBanMs: number;
  /** Requests tolerated after a 429 within the same window before the IP is banned (418). @default 5 */
  requestsAfter429BeforeBan: number;
}

/** The defaults: Binance's documented limits. */
export const DEFAULT_LIMITS: Readonly<SimLimits> = Object.freeze({
  weightPerWindow: 2400,
  weightWindowMs: 60_000,
  historyRequestsPerWindow: 1000,
  historyWindowMs: 300_000,
  banMs: 120_000,
  maxBanMs: 3 * 86_400_000,
  requestsAfter429BeforeBan: 5,
});

/** A snapshot of both budgets and the ban, in server time. */
export interface BudgetState {
  readonly weightUsed: number;
  readonly weightLimit: number;
  readonly weightWindowEndsMs: number;
  readonly historyUsed: number;
  readonly historyLimit: number;
  readonly historyWindowEndsMs: number;
  /** 0 when not banned. */
  readonly bannedUntilMs: number;
  /** How many bans the IP has earned so far (drives escalation). */
  readonly banCount: number;
}

/** Which budget a request draws from. */
export type BudgetFamily = 'weight' | 'history';

/** The outcome of charging a request to its budget. */
export type BudgetVerdict =
  | { readonly kind: 'ok' }
  | { readonly kind: 'limited'; readonly family: BudgetFamily; readonly windowEndsMs: number }
  | { readonly kind: 'banned'; readonly bannedUntilMs: number };

interface Window {
  startMs: number;
  used: number;
  /** Requests seen after the first 429 of this window (undefined: no 429 yet). */
  after429: number | undefined;
}

/** The per-IP budgets of the simulated exchange (one IP: the simulator serves localhost). */
export interface RateLimiter {
  /** Charges a request and says whether it may be served. */
  charge(family: BudgetFamily, weight: number, nowMs: number): BudgetVerdict;
  /** Weight used in the current window, for `X-MBX-USED-WEIGHT-1M`. */
  usedWeight(nowMs: number): number;
  /** Bans the IP until `untilMs` (used by forced 418 answers). */
  ban(untilMs: number): void;
  state(nowMs: number): BudgetState;
}

/** Creates the budgets: fixed windows aligned to the server clock, 429 on excess, 418 for persisting. */
export function createRateLimiter(limits: SimLimits): RateLimiter {
  const windows: Record<BudgetFamily, Window> = {
    weight: { startMs: Number.NEGATIVE_INFINITY, used: 0, after429: undefined },
    history: { startMs: Number.NEGATIVE_INFINITY, used: 0, after429: undefined },
  };
  let bannedUntilMs = 0;
  let banCount = 0;

  const lengthOf = (family: BudgetFamily): number =>
    family === 'weight' ? limits.weightWindowMs : limits.historyWindowMs;
  const limitOf = (family: BudgetFamily): number =>
    family === 'weight' ? limits.weightPerWindow : limits.historyRequestsPerWindow;

  const current = (family: BudgetFamily, nowMs: number): Window => {
    const window = windows[family];
    const lengthMs = lengthOf(family);
    const startMs = Math.floor(nowMs / lengthMs) * lengthMs;
    if (window.startMs !== startMs) {
      window.startMs = startMs;
      window.used = 0;
      window.after429 = undefined;
    }
    return window;
  };

  const startBan = (nowMs: number): number => {
    const lengthMs = Math.min(limits.maxBanMs, limits.banMs * 2 ** banCount);
    banCount += 1;
    bannedUntilMs = nowMs + lengthMs;
    // The ban replaces the warning count: after it ends, the next excess starts a fresh 429.
    windows.weight.after429 = undefined;
    windows.history.after429 = undefined;
    return bannedUntilMs;
  };

  return {
    charge(family, weight, nowMs) {
      if (nowMs < bannedUntilMs) return { kind: 'banned', bannedUntilMs };
      const window = current(family, nowMs);
      const windowEndsMs = window.startMs + lengthOf(family);
      if (window.after429 !== undefined) {
        // Still sending although told to stop: tolerated a few times, then banned.
        window.after429 += 1;
        window.used += weight;
        if (window.after429 > limits.requestsAfter429BeforeBan) {
          return { kind: 'banned', bannedUntilMs: startBan(nowMs) };
        }
        return { kind: 'limited', family, windowEndsMs };
      }
      // Binance counts rejected requests too: the used-weight header climbs past the limit.
      window.used += weight;
      if (window.used > limitOf(family)) {
        window.after429 = 0;
        return { kind: 'limited', family, windowEndsMs };
      }
      return { kind: 'ok' };
    },
    usedWeight(nowMs) {
      return current('weight', nowMs).used;
    },
    ban(untilMs) {
      bannedUntilMs = Math.max(bannedUntilMs, untilMs);
      banCount += 1;
    },
    state(nowMs) {
      const weight = current('weight', nowMs);
      const history = current('history', nowMs);
      return {
        weightUsed: weight.used,
        weightLimit: limits.weightPerWindow,
        weightWindowEndsMs: weight.startMs + limits.weightWindowMs,
        historyUsed: history.used,
        historyLimit: limits.historyRequestsPerWindow,
        historyWindowEndsMs: history.startMs + limits.historyWindowMs,
        bannedUntilMs: nowMs < bannedUntilMs ? bannedUntilMs : 0,
        banCount,
      };
    },
  };
}
