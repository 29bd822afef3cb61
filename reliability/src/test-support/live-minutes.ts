import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const HEADER_1M = 'timestamp,datetime_utc,openInterest,sumOpenInterestValue,markPrice,exchangeTime';
const MINUTE_MS = 60_000;

/** One stored 1m row. */
export interface MinuteRow {
  readonly slotMs: number;
  readonly openInterest: string;
  readonly openInterestValue: string;
  readonly markPrice: string;
  readonly exchangeTimeMs: number;
}

/** The stored 1m rows of one symbol, as the files hold them. */
export interface StoredMinutes {
  readonly rows: ReadonlyMap<number, MinuteRow>;
  /** Slots stored more than once. */
  readonly duplicates: number;
  /** Lines that are not a 6-field row on the minute grid. */
  readonly malformed: number;
}

/** Reads every 1m day file of `symbol` under `dataDir`. */
export async function readStoredMinutes(dataDir: string, symbol: string): Promise<StoredMinutes> {
  const dir = join(dataDir, 'open_interest', symbol, '1m');
  const rows = new Map<number, MinuteRow>();
  let duplicates = 0;
  let malformed = 0;
  for (const name of (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.csv'))) {
    const lines = (await readFile(join(dir, name), 'utf8')).split('\n');
    if (lines.at(-1) === '') lines.pop();
    if (lines[0] !== HEADER_1M) {
      malformed += lines.length;
      continue;
    }
    for (const line of lines.slice(1)) {
      const [slot, , openInterest, openInterestValue, markPrice, exchangeTime, ...rest] = line.split(',');
      const slotMs = Number(slot);
      const exchangeTimeMs = Number(exchangeTime);
      if (
        rest.length > 0 ||
        openInterest === undefined ||
        openInterestValue === undefined ||
        markPrice === undefined ||
        !Number.isInteger(slotMs) ||
        slotMs % MINUTE_MS !== 0 ||
        !Number.isInteger(exchangeTimeMs)
      ) {
        malformed += 1;
        continue;
      }
      if (rows.has(slotMs)) duplicates += 1;
      rows.set(slotMs, { slotMs, openInterest, openInterestValue, markPrice, exchangeTimeMs });
    }
  }
  return { rows, duplicates, malformed };
}

/** The symbols each live tick recorded as failed (late or failed request), by minute. */
export async function readTickFailures(dataDir: string): Promise<Map<number, Set<string>>> {
  const failures = new Map<number, Set<string>>();
  const dir = join(dataDir, 'logs');
  for (const name of (await readdir(dir).catch(() => [] as string[])).filter((n) =>
    n.startsWith('batch_summary-'),
  )) {
    const lines = (await readFile(join(dir, name), 'utf8')).split('\n').slice(1);
    for (const line of lines) {
      const fields = line.split(',');
      // A torn last line (a kill mid-append) has fewer fields; the next append cuts it.
      if (fields.length !== 8) continue;
      const minuteMs = Date.parse(fields[0] ?? '');
      const failed = (fields[5] ?? '').split(';').filter((s) => s !== '');
      if (!Number.isFinite(minuteMs)) continue;
      const set = failures.get(minuteMs) ?? new Set<string>();
      for (const symbol of failed) set.add(symbol);
      failures.set(minuteMs, set);
    }
  }
  return failures;
}

/** A 1m gap the collector logged: `1m gap A .. B: N minutes x K symbols (reason)`. */
export interface LoggedGap {
  readonly startMs: number;
  readonly endMs: number;
  readonly symbols: number;
  readonly reason: string;
}

/** What one `oi collect` run said on stderr (human log format, level debug). */
export interface CollectLog {
  /** The minute of the first tick: the first boundary the ticker saw. */
  readonly firstTickMs: number | undefined;
  readonly gaps: readonly LoggedGap[];
}

/** Parses the tick and 1m gap lines of an `oi collect --log-level debug` stderr. */
export function parseCollectLog(stderr: string): CollectLog {
  let firstTickMs: number | undefined;
  const gaps: LoggedGap[] = [];
  for (const line of stderr.split('\n')) {
    const tick = / tick (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}) for \d+ symbols/.exec(line);
    if (tick !== null && firstTickMs === undefined) firstTickMs = Date.parse(`${tick[1]}T${tick[2]}:00Z`);
    const gap = / 1m gap (\S+) \.\. (\S+): (\d+) minutes x (\d+) symbols \(([a-z-]+)\)/.exec(line);
    if (gap !== null) {
      gaps.push({
        startMs: Date.parse(gap[1] ?? ''),
        endMs: Date.parse(gap[2] ?? ''),
        symbols: Number(gap[4]),
        reason: gap[5] ?? '',
      });
    }
  }
  return { firstTickMs, gaps };
}
