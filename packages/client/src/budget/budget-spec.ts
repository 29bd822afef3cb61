/** A rate budget: at most `limit` units (request weight, or `/futures/data` requests) per `windowMs`. */
export interface BudgetSpec {
  /** Units allowed per window. */
  readonly limit: number;
  /** Window length, ms. */
  readonly windowMs: number;
}

/** Binance's request-weight budget per IP: 2400 per minute. */
export const DEFAULT_WEIGHT_BUDGET: BudgetSpec = Object.freeze({ limit: 2400, windowMs: 60_000 });

/** Binance's `/futures/data` budget per IP: 1000 requests per 5 minutes. */
export const DEFAULT_HISTORY_BUDGET: BudgetSpec = Object.freeze({ limit: 1000, windowMs: 300_000 });

/** What {@link parseBudget} makes of a text: the budget, or one line saying what is wrong. */
export type ParsedBudget =
  | { readonly ok: true; readonly budget: BudgetSpec }
  | { readonly ok: false; readonly problem: string };

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const BUDGET_TEXT = /^(\d+)\/(\d+)(s|m|h|d)$/;
const MAX_WINDOW_MS = 86_400_000;

/** Reads `N/DURATION` (`100/30s`, `2400/1m`, `1000/5m`, `10/1h`): N units per window, never throws. */
export function parseBudget(text: string): ParsedBudget {
  const trimmed = text.trim();
  const match = BUDGET_TEXT.exec(trimmed);
  if (match === null) {
    return problem(`expected N/DURATION such as 2400/1m or 100/30s (units s, m, h, d), got '${text}'`);
  }
  const limit = Number(match[1]);
  const windowMs = Number(match[2]) * (UNIT_MS[match[3]!] ?? Number.NaN);
  if (!Number.isSafeInteger(limit) || limit < 1) {
    return problem(`the count must be a whole number of at least 1, got '${match[1]}' in '${trimmed}'`);
  }
  if (!(windowMs >= 1000) || windowMs > MAX_WINDOW_MS) {
    return problem(`the window must be from 1s to 1d, got '${match[2]}${match[3]}' in '${trimmed}'`);
  }
  return { ok: true, budget: Object.freeze({ limit, windowMs }) };
}

/** Writes a budget the way {@link parseBudget} reads it, in the largest whole unit (`1000/5m`). */
export function formatBudget(budget: BudgetSpec): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const unitMs = UNIT_MS[unit]!;
    if (budget.windowMs % unitMs === 0) return `${budget.limit}/${budget.windowMs / unitMs}${unit}`;
  }
  return `${budget.limit}/${budget.windowMs / 1000}s`;
}

/** Throws a RangeError naming `name` unless the budget is a positive limit over a positive window. */
export function assertBudgetSpec(name: string, budget: BudgetSpec): void {
  const { limit, windowMs } = budget;
  if (!Number.isFinite(limit) || limit <= 0 || !Number.isFinite(windowMs) || windowMs <= 0) {
    throw new RangeError(`${name} must be a positive limit per positive window, got ${limit}/${windowMs} ms`);
  }
}

function problem(text: string): ParsedBudget {
  return { ok: false, problem: text };
}
