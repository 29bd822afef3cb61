const DAY_MS = 86_400_000;

/** The last Friday of a month (0-based `monthIndex`) at 08:00 UTC: Binance's quarterly delivery instant. */
function deliveryOfMonth(year: number, monthIndex: number): number {
  const lastDayAt8 = Date.UTC(year, monthIndex + 1, 0, 8);
  // Days back from the month's last day to its last Friday (getUTCDay: Friday is 5).
  const daysBack = (new Date(lastDayAt8).getUTCDay() + 2) % 7;
  return lastDayAt8 - daysBack * DAY_MS;
}

/**
 * The latest quarterly delivery (last Friday of March, June, September or December, 08:00 UTC)
 * strictly before `timeMs`.
 */
export function quarterlyDeliveryBefore(timeMs: number): number {
  const date = new Date(timeMs);
  let year = date.getUTCFullYear();
  // The quarter-end month of the quarter holding `timeMs`, then back one quarter at a time.
  let monthIndex = date.getUTCMonth() - (date.getUTCMonth() % 3) + 2;
  for (;;) {
    const deliveryMs = deliveryOfMonth(year, monthIndex);
    if (deliveryMs < timeMs) return deliveryMs;
    monthIndex -= 3;
    if (monthIndex < 0) {
      monthIndex += 12;
      year -= 1;
    }
  }
}
