import { describe, expect, it } from 'vitest';
import { type BudgetSpec, formatBudget, type ParsedBudget, parseBudget } from './budget-spec.ts';

const ok = (limit: number, windowMs: number): ParsedBudget => ({ ok: true, budget: { limit, windowMs } });

describe('parseBudget', () => {
  const rows: ReadonlyArray<readonly [string, ParsedBudget | RegExp]> = [
    ['100/30s', ok(100, 30_000)],
    ['2400/1m', ok(2400, 60_000)],
    ['1000/5m', ok(1000, 300_000)],
    ['10/1h', ok(10, 3_600_000)],
    ['5/1d', ok(5, 86_400_000)],
    ['  1200/1m  ', ok(1200, 60_000)],
    ['1/1s', ok(1, 1000)],
    ['2400', /expected N\/DURATION such as 2400\/1m or 100\/30s .*got '2400'/],
    ['2400/', /expected N\/DURATION/],
    ['2400/m', /expected N\/DURATION/],
    ['2400/1min', /expected N\/DURATION/],
    ['2400 / 1m', /expected N\/DURATION/],
    ['-5/1m', /expected N\/DURATION/],
    ['1.5/1m', /expected N\/DURATION/],
    ['abc', /got 'abc'/],
    ['', /got ''/],
    ['0/1m', /the count must be a whole number of at least 1, got '0' in '0\/1m'/],
    ['99999999999999999999/1m', /the count must be a whole number/],
    ['10/0s', /the window must be from 1s to 1d, got '0s'/],
    ['10/2d', /the window must be from 1s to 1d, got '2d'/],
  ];

  it.each(rows)('%j', (text, expected) => {
    const parsed = parseBudget(text);
    if (expected instanceof RegExp) {
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) {
        expect(parsed.problem).toMatch(expected);
        expect(parsed.problem).not.toContain('\n');
      }
    } else {
      expect(parsed).toEqual(expected);
    }
  });
});

describe('formatBudget', () => {
  const rows: ReadonlyArray<readonly [BudgetSpec, string]> = [
    [{ limit: 2400, windowMs: 60_000 }, '2400/1m'],
    [{ limit: 1000, windowMs: 300_000 }, '1000/5m'],
    [{ limit: 100, windowMs: 30_000 }, '100/30s'],
    [{ limit: 10, windowMs: 3_600_000 }, '10/1h'],
    [{ limit: 10, windowMs: 90_000 }, '10/90s'],
    [{ limit: 3, windowMs: 1500 }, '3/1.5s'],
  ];

  it.each(rows)('%j -> %s', (budget, text) => {
    expect(formatBudget(budget)).toBe(text);
  });

  it('writes what parseBudget reads back', () => {
    for (const text of ['100/30s', '2400/1m', '1000/5m', '10/1h', '7/1d']) {
      const parsed = parseBudget(text);
      expect(parsed.ok && formatBudget(parsed.budget)).toBe(text);
    }
  });
});
