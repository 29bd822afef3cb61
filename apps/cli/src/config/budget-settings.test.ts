import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultBudgetDir } from '@oi/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeBudgetSetting, formatBanWait, parseBanWait, parseBudgetSetting } from './budget-settings.ts';
import { resolveConfig } from './resolve-config.ts';

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'oi-budget-config-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('budget settings', () => {
  it.each([
    ['100/30s', { limit: 100, windowMs: 30_000 }],
    ['2400/1m', { limit: 2400, windowMs: 60_000 }],
    ['1000/5m', { limit: 1000, windowMs: 300_000 }],
  ])('parses the budget %s', (text, budget) => {
    expect(parseBudgetSetting(text, '--history-budget')).toEqual({ ok: true, value: budget });
  });

  it.each(['2400', '0/1m', '100/0s', '100/30', 'a/1m', '100/2d'])(
    'rejects the budget %j in one line',
    (text) => {
      const parsed = parseBudgetSetting(text, 'OI_HISTORY_BUDGET');
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.problem).toMatch(/^invalid rate budget in OI_HISTORY_BUDGET: .*got /);
      if (!parsed.ok) expect(parsed.problem).not.toContain('\n');
    },
  );

  it.each([
    ['15m', 900_000],
    ['90s', 90_000],
    ['2h', 7_200_000],
    ['0', 0],
    ['0s', 0],
  ])('parses the ban wait %s', (text, ms) => {
    expect(parseBanWait(text, '--max-ban-wait')).toEqual({ ok: true, value: ms });
  });

  it.each(['15', '-1m', 'soon', '15 minutes'])('rejects the ban wait %j', (text) => {
    const parsed = parseBanWait(text, '--max-ban-wait');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(/^invalid duration in --max-ban-wait: /);
  });

  it.each([
    [900_000, '15m'],
    [90_000, '90s'],
    [86_400_000, '1d'],
    [1500, '1500ms'],
    [0, '0'],
  ])('prints %d ms as %s', (ms, text) => {
    expect(formatBanWait(ms)).toBe(text);
  });
});

describe('resolveConfig: rate budgets', () => {
  it("defaults to Binance's budgets, a 15-minute ban wait and the per-user ledger directory", async () => {
    const env = { XDG_RUNTIME_DIR: join(cwd, 'run') };
    const result = await resolveConfig({ flags: {}, env, cwd });
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.config.budgets).toEqual({
      historyBudget: undefined,
      weightBudget: undefined,
      maxBanWaitMs: 900_000,
      budgetDir: defaultBudgetDir(env),
    });
    expect(result.sources.historyBudget).toEqual({ origin: 'default', detail: "Binance's" });
    expect(result.sources.budgetDir.origin).toBe('default');
    expect(describeBudgetSetting(result.config.budgets, 'historyBudget')).toBe('1000/5m');
    expect(describeBudgetSetting(result.config.budgets, 'weightBudget')).toBe('2400/1m');
    expect(describeBudgetSetting(result.config.budgets, 'maxBanWait')).toBe('15m');
  });

  it('takes flags over the environment, and OI_BUDGET_DIR relative to the working directory', async () => {
    const result = await resolveConfig({
      flags: { historyBudget: '100/30s', maxBanWait: '90s' },
      env: { OI_HISTORY_BUDGET: '500/5m', OI_WEIGHT_BUDGET: '1200/1m', OI_BUDGET_DIR: 'ledger' },
      cwd,
    });
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.config.budgets).toEqual({
      historyBudget: { limit: 100, windowMs: 30_000 },
      weightBudget: { limit: 1200, windowMs: 60_000 },
      maxBanWaitMs: 90_000,
      budgetDir: join(cwd, 'ledger'),
    });
    expect(result.sources.historyBudget).toEqual({ origin: 'flag', detail: '--history-budget' });
    expect(result.sources.weightBudget).toEqual({ origin: 'env', detail: 'OI_WEIGHT_BUDGET' });
    expect(result.sources.maxBanWait).toEqual({ origin: 'flag', detail: '--max-ban-wait' });
    expect(result.sources.budgetDir).toEqual({ origin: 'env', detail: 'OI_BUDGET_DIR' });
  });

  it('names the variable that holds a bad budget', async () => {
    const result = await resolveConfig({ flags: {}, env: { OI_WEIGHT_BUDGET: '2400 per minute' }, cwd });
    expect(result).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^invalid rate budget in OI_WEIGHT_BUDGET: expected N\/DURATION/)],
    });
  });
});
