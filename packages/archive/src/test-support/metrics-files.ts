import { createHash } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { DAY_MS } from '../day/day-key.ts';
import { type LabelConvention, SLOT_MS } from '../day/label-convention.ts';
import { METRICS_HEADER, type MetricsRow } from '../file/metrics-csv.ts';

/** `YYYY-MM-DD HH:MM:SS` of an epoch ms, as the archive's create_time. */
export function formatLabel(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** The start of a `YYYY-MM-DD` day, epoch ms. */
export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** A made-up but deterministic open interest for a slot, trimmed like the archive's decimals. */
export function openInterestAt(slotMs: number): { openInterest: string; openInterestValue: string } {
  const step = slotMs / SLOT_MS;
  return { openInterest: `${80_000 + (step % 1000)}.${step % 97}`, openInterestValue: `${step}.25` };
}

/** The 288 rows of a full day in `convention`, values from {@link openInterestAt}. */
export function fullDayRows(symbol: string, day: string, convention: LabelConvention): MetricsRow[] {
  const rows: MetricsRow[] = [];
  const startMs = dayStart(day);
  for (let slotMs = startMs + SLOT_MS; slotMs <= startMs + DAY_MS; slotMs += SLOT_MS) {
    const labelMs = convention === 'end-of-period' ? slotMs : slotMs - SLOT_MS;
    rows.push({ label: formatLabel(labelMs), symbol, ...openInterestAt(slotMs) });
  }
  return rows;
}

/** A metrics CSV with the real header, the four known columns and made-up ratio columns. */
export function metricsCsv(rows: readonly MetricsRow[], header: readonly string[] = METRICS_HEADER): string {
  const lines = rows.map((row) =>
    [
      row.label,
      row.symbol,
      row.openInterest,
      row.openInterestValue,
      '1.91519612',
      '3.27485900',
      '""',
      '1.087358',
    ].join(','),
  );
  return `${[header.join(','), ...lines].join('\n')}\n`;
}

/** A zip holding one file. */
export function zipOne(name: string, text: string): Uint8Array {
  return zipSync({ [name]: strToU8(text) });
}

/** Lower-case hex SHA-256. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
