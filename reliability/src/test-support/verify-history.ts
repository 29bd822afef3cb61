import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Simulator } from '@oi/binance-sim';
import { expect } from 'vitest';

/** What the stored 5m files of one symbol hold, checked against the simulator. */
export interface HistoryCheck {
  /** Rows stored. */
  readonly rows: number;
  /** Slots stored more than once. */
  readonly duplicates: number;
  /** Lines that are not `timestamp,datetime,oi,value,cmc,source` with an on-grid timestamp. */
  readonly malformed: number;
  /** Servable slots in the range that are not stored. */
  readonly missing: number;
  /** Stored rows whose values differ from what the simulator serves, byte for byte. */
  readonly different: number;
}

/**
 * Reads every 5m day file of `symbol` under `dataDir` and compares it with `sim.truth.historyRow` over
 * `[startMs, endMs)`: every file parses, no slot twice, every servable slot present and exact.
 */
export async function checkHistory(
  dataDir: string,
  sim: Simulator,
  symbol: string,
  startMs: number,
  endMs: number,
): Promise<HistoryCheck> {
  const dir = join(dataDir, 'open_interest', symbol, '5m');
  const stored = new Map<number, string[]>();
  let rows = 0;
  let duplicates = 0;
  let malformed = 0;
  for (const name of (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.csv'))) {
    const lines = (await readFile(join(dir, name), 'utf8')).split('\n');
    if (lines.at(-1) === '') lines.pop();
    if (lines[0] !== 'timestamp,datetime_utc,openInterest,sumOpenInterestValue,CMCCirculatingSupply,source') {
      malformed += lines.length;
      continue;
    }
    for (const line of lines.slice(1)) {
      const fields = line.split(',');
      const slotMs = Number(fields[0]);
      if (fields.length !== 6 || !Number.isInteger(slotMs) || slotMs % 300_000 !== 0) {
        malformed += 1;
        continue;
      }
      rows += 1;
      if (stored.has(slotMs)) duplicates += 1;
      stored.set(slotMs, fields);
    }
  }
  let missing = 0;
  let different = 0;
  for (let slotMs = startMs; slotMs < endMs; slotMs += 300_000) {
    const truth = sim.truth.historyRow(symbol, '5m', slotMs);
    if (truth === undefined) continue;
    const fields = stored.get(slotMs);
    if (fields === undefined) {
      missing += 1;
      continue;
    }
    if (
      fields[2] !== truth.sumOpenInterest ||
      fields[3] !== truth.sumOpenInterestValue ||
      fields[4] !== (truth.CMCCirculatingSupply ?? '')
    ) {
      different += 1;
    }
  }
  return { rows, duplicates, malformed, missing, different };
}

/**
 * Asserts that {@link checkHistory} finds the 5m history of `symbol` complete and exact (no
 * duplicate, malformed, missing or different row); returns the rows stored.
 */
export async function expectExactHistory(
  dataDir: string,
  sim: Simulator,
  symbol: string,
  startMs: number,
  endMs: number,
): Promise<number> {
  const check = await checkHistory(dataDir, sim, symbol, startMs, endMs);
  expect({ symbol, ...check }).toEqual({
    symbol,
    rows: check.rows,
    duplicates: 0,
    malformed: 0,
    missing: 0,
    different: 0,
  });
  return check.rows;
}
