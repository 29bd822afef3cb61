// The lines of `oi collect`'s human log (stderr) that the universe benchmark times: a market's tick
// done (every row fsynced) and a market's patrol round done. COIN-M lines end with `market=cm`.

/** A market's live tick, done: its rows are on disk. */
export interface TickDoneLine {
  readonly type: 'tick';
  /** When the collector logged it (its own clock), epoch ms. */
  readonly atMs: number;
  readonly market: 'um' | 'cm';
  /** The minute the tick collected, epoch ms. */
  readonly minuteMs: number;
  readonly rows: number;
  readonly failed: number;
}

/** A market's patrol round, done. */
export interface PatrolDoneLine {
  readonly type: 'patrol';
  readonly atMs: number;
  readonly market: 'um' | 'cm';
  readonly round: number;
  readonly interrupted: boolean;
}

const TICK = /^(\S+) +info +tick (\d{4}-\d\d-\d\d \d\d:\d\d): (\d+) rows, (\d+) failed/;
const PATROL = /^(\S+) +info +patrol round (\d+)( interrupted)?: /;

const marketOf = (line: string): 'um' | 'cm' => (/\bmarket=cm\b/.test(line) ? 'cm' : 'um');

/** Reads one log line; undefined for every other line. */
export function parseCollectorLine(line: string): TickDoneLine | PatrolDoneLine | undefined {
  const tick = TICK.exec(line);
  if (tick !== null) {
    return {
      type: 'tick',
      atMs: Date.parse(tick[1]!),
      market: marketOf(line),
      minuteMs: Date.parse(`${tick[2]!.replace(' ', 'T')}:00Z`),
      rows: Number(tick[3]),
      failed: Number(tick[4]),
    };
  }
  const patrol = PATROL.exec(line);
  if (patrol !== null) {
    return {
      type: 'patrol',
      atMs: Date.parse(patrol[1]!),
      market: marketOf(line),
      round: Number(patrol[2]),
      interrupted: patrol[3] !== undefined,
    };
  }
  return undefined;
}
