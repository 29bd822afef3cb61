import { BudgetLedgerError } from '@oi/client';
import { IpBannedError } from '@oi/retry';
import { describe, expect, it } from 'vitest';
import { describeFailure } from './describe-failure.ts';

describe('describeFailure: rate-limit failures', () => {
  it('a ban longer than --max-ban-wait is exit 1, one line with its end and the way to resume', () => {
    const bannedUntilMs = Date.UTC(2026, 10, 24, 6, 30);
    const report = describeFailure(
      new IpBannedError({
        bannedUntilMs,
        maxBanWaitMs: 900_000,
        method: 'GET',
        endpoint: '/futures/data/openInterestHist?symbol=BTCUSDT',
      }),
      'https://fapi.binance.com',
    );
    expect(report.code).toBe(1);
    expect(report.message).toMatch(/^IP banned by Binance until 2026-11-24T06:30:00\.000Z/);
    expect(report.message).toContain('oi resume');
    expect(report.message).not.toContain('\n');
  });

  it('a ledger directory this user cannot use is configuration (exit 2), pointing at OI_BUDGET_DIR', () => {
    const report = describeFailure(
      new BudgetLedgerError('/tmp/oi-budget-0/budget-1.sqlite', 'the directory belongs to another user'),
    );
    expect(report.code).toBe(2);
    expect(report.message).toMatch(
      /^Rate budget ledger \/tmp\/oi-budget-0\/budget-1\.sqlite: .*OI_BUDGET_DIR/,
    );
  });
});
