/** The last Friday of a month at 08:00 UTC: Binance's quarterly delivery instant. */
function lastFridayAt8(year: number, monthIndex: number): number {
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0));
  const back = (lastDay.getUTCDay() - 5 + 7) % 7;
  return Date.UTC(year, monthIndex, lastDay.getUTCDate() - back, 8);
}

/** The next quarterly delivery (last Friday of Mar/Jun/Sep/Dec, 08:00 UTC) strictly after `afterMs`. */
export function nextQuarterDeliveryMs(afterMs: number): number {
  const date = new Date(afterMs);
  let year = date.getUTCFullYear();
  let month = Math.floor(date.getUTCMonth() / 3) * 3 + 2;
  for (;;) {
    const delivery = lastFridayAt8(year, month);
    if (delivery > afterMs) return delivery;
    month += 3;
    if (month > 11) {
      month -= 12;
      year += 1;
    }
  }
}

/** The latest quarterly delivery at or before `atMs`. */
export function previousQuarterDeliveryMs(atMs: number): number {
  // Deliveries are 84 to 98 days apart, so the one before the next lies within 100 days back.
  let delivery = nextQuarterDeliveryMs(atMs - 100 * 86_400_000);
  for (;;) {
    const next = nextQuarterDeliveryMs(delivery);
    if (next > atMs) return delivery;
    delivery = next;
  }
}

/** The `YYMMDD` of an instant (UTC), as quarterly contract names carry their delivery day. */
export function yymmdd(timeMs: number): string {
  return new Date(timeMs).toISOString().slice(2, 10).replaceAll('-', '');
}
