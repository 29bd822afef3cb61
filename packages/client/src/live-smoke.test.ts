import { describe, expect, it } from 'vitest';
import { createBinanceClient } from './client/binance-client.ts';

// Real Binance, only when asked: `OI_LIVE_TESTS=1 pnpm --filter @oi/client test live-smoke`.
// Proxies come from the usual variables, as the CLI would pass them.
const live = process.env.OI_LIVE_TESTS === '1';
const proxy = {
  ...(process.env.HTTP_PROXY ? { httpProxy: process.env.HTTP_PROXY } : {}),
  ...(process.env.HTTPS_PROXY ? { httpsProxy: process.env.HTTPS_PROXY } : {}),
  ...(process.env.SOCKS_PROXY ? { socksProxy: process.env.SOCKS_PROXY } : {}),
  ...(process.env.NO_PROXY ? { noProxy: process.env.NO_PROXY } : {}),
};

describe.skipIf(!live)('live smoke test against fapi.binance.com', () => {
  const client = createBinanceClient({ proxy });

  it('reads the server time, the current OI and one page of 5m history for BTCUSDT', async () => {
    const serverTimeMs = await client.serverTime();
    expect(Math.abs(serverTimeMs - Date.now())).toBeLessThan(60_000);

    const oi = await client.openInterest('BTCUSDT');
    expect(oi.openInterest).toMatch(/^\d+(\.\d+)?$/);

    const endMs = Math.floor(serverTimeMs / 300_000) * 300_000;
    const rows = await client.openInterestHistory({
      symbol: 'BTCUSDT',
      period: '5m',
      startTimeMs: endMs - 11 * 300_000,
      endTimeMs: endMs,
      limit: 12,
    });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.timestampMs % 300_000).toBe(0);
      expect(row.sumOpenInterest).toMatch(/^\d+(\.\d+)?$/);
    }
  });

  it('prints the budgets Binance reports: exchangeInfo rate limits and the weight header', async () => {
    const info = await client.exchangeInfo();
    const weight = info.rateLimits.find((limit) => limit.type === 'REQUEST_WEIGHT');
    expect(weight?.limit).toBeGreaterThan(0);
    await client.ping();
    const snapshot = client.budgets.snapshot();
    expect(snapshot.weight.used).toBeGreaterThan(0);
    // What the real exchange says today, for whoever runs this by hand.
    process.stdout.write(
      `Binance rate limits: ${JSON.stringify(info.rateLimits)}; weight used this minute (X-MBX-USED-WEIGHT-1M): ${snapshot.weight.used} of ${snapshot.weight.limit}\n`,
    );
  });
});
