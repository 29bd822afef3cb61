import {
  type BudgetSpec,
  DEFAULT_HISTORY_BUDGET,
  DEFAULT_WEIGHT_BUDGET,
  formatBudget,
  parseBudget,
} from '@oi/client';
import { type Parsed, parseDurationMs } from './value-parsers.ts';

/** `--max-ban-wait` when neither the flag nor the environment sets it: bans up to 15 minutes are waited out. */
export const DEFAULT_MAX_BAN_WAIT = '15m';

/** The rate-budget settings of a command that talks to Binance. */
export interface BudgetSettings {
  /** `/futures/data` requests per window; undefined: Binance's 1000 per 5 minutes. */
  readonly historyBudget: BudgetSpec | undefined;
  /** Request weight per window; undefined: Binance's 2400 per minute (or what exchangeInfo says). */
  readonly weightBudget: BudgetSpec | undefined;
  /** A ban ending later than this stops the command (exit 1); shorter ones are waited out. */
  readonly maxBanWaitMs: number;
  /** Directory of the ledger every oi process of this host shares. */
  readonly budgetDir: string;
}

/** Parses `N/DURATION` (`100/30s`, `2400/1m`) from a flag or variable named `source`. */
export function parseBudgetSetting(text: string, source: string): Parsed<BudgetSpec> {
  const parsed = parseBudget(text);
  return parsed.ok
    ? { ok: true, value: parsed.budget }
    : { ok: false, problem: `invalid rate budget in ${source}: ${parsed.problem}` };
}

/** Parses the longest ban to wait out: a duration with its unit (`90s`, `15m`, `2h`), or 0 to wait out none. */
export function parseBanWait(text: string, source: string): Parsed<number> {
  const trimmed = text.trim();
  if (/^0+(\.0+)?[smhd]?$/.test(trimmed)) return { ok: true, value: 0 };
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return {
      ok: false,
      problem: `invalid duration in ${source}: expected a unit such as 90s, 15m or 2h, found ${JSON.stringify(text)}`,
    };
  }
  return parseDurationMs(trimmed, source);
}

/** A duration as `oi config show` prints it: the largest whole unit (`15m`, `90s`). */
export function formatBanWait(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return ms === 0 ? '0' : `${ms}ms`;
}

/** The effective budget setting as `oi config show` prints it (Binance's when not set). */
export function describeBudgetSetting(
  settings: BudgetSettings,
  key: 'historyBudget' | 'weightBudget' | 'maxBanWait' | 'budgetDir',
): string {
  switch (key) {
    case 'historyBudget':
      return formatBudget(settings.historyBudget ?? DEFAULT_HISTORY_BUDGET);
    case 'weightBudget':
      return formatBudget(settings.weightBudget ?? DEFAULT_WEIGHT_BUDGET);
    case 'maxBanWait':
      return formatBanWait(settings.maxBanWaitMs);
    case 'budgetDir':
      return settings.budgetDir;
  }
}
