import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  ALL_SERIES,
  DAY_MS,
  dayFilePath,
  dayKeyOf,
  SERIES_COLUMNS,
  SERIES_SLOT_MS,
  type Series,
} from '@oi/storage';

/** Options of {@link writeDayFileFixture}. */
export interface DayFileFixtureOptions {
  readonly dataDir: string;
  readonly symbols: readonly string[];
  /** UTC midnight of the first day. */
  readonly firstDayMs: number;
  readonly days: number;
  /** Share of slots left out, so coverage has several runs per day. @default 0.002 */
  readonly missingRate?: number;
  /** Files written at once. @default 16 */
  readonly concurrency?: number;
}

/** What the fixture holds. */
export interface DayFileFixture {
  readonly files: number;
  readonly bytes: number;
  readonly rows: Readonly<Record<Series, number>>;
}

/**
 * Writes day files in the documented format (DESIGN.md "Files": header, sorted rows, one per slot,
 * ISO `datetime_utc`, decimals as strings) for every symbol, day and series, from a seeded generator.
 * Writing the text directly rather than through the store keeps a 2 GB fixture to about a minute.
 */
export async function writeDayFileFixture(options: DayFileFixtureOptions): Promise<DayFileFixture> {
  const missingRate = options.missingRate ?? 0.002;
  let seed = 42;
  const random = (): number => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed / 4_294_967_296;
  };
  const jobs: { path: string; series: Series; dayStartMs: number }[] = [];
  for (const symbol of options.symbols) {
    for (const series of ALL_SERIES) {
      await mkdir(dirname(dayFilePath(options.dataDir, symbol, series, dayKeyOf(options.firstDayMs))), {
        recursive: true,
      });
      for (let day = 0; day < options.days; day++) {
        const dayStartMs = options.firstDayMs + day * DAY_MS;
        jobs.push({
          path: dayFilePath(options.dataDir, symbol, series, dayKeyOf(dayStartMs)),
          series,
          dayStartMs,
        });
      }
    }
  }
  let bytes = 0;
  const rows: Record<Series, number> = { '1m': 0, '5m': 0 };
  const render = (series: Series, dayStartMs: number): string => {
    const slotMs = SERIES_SLOT_MS[series];
    const lines = [SERIES_COLUMNS[series].join(',')];
    for (let slot = dayStartMs; slot < dayStartMs + DAY_MS; slot += slotMs) {
      if (random() < missingRate) continue;
      const oi = (10_000 + random() * 90_000).toFixed(3);
      const price = (100 + random() * 10).toFixed(2);
      const value = (Number(oi) * Number(price)).toFixed(8);
      const datetime = new Date(slot).toISOString();
      lines.push(
        series === '1m'
          ? `${slot},${datetime},${oi},${value},${price},${slot + 123}`
          : `${slot},${datetime},${oi},${value},19876543.21000000,api`,
      );
      rows[series] += 1;
    }
    return `${lines.join('\n')}\n`;
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const job = jobs[next++];
      if (job === undefined) return;
      const text = render(job.series, job.dayStartMs);
      bytes += text.length;
      await writeFile(job.path, text);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker));
  return { files: jobs.length, bytes, rows };
}
