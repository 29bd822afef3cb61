import { ArchiveRequestError } from '../client/archive-errors.ts';
import { parseDayKey } from '../day/day-key.ts';

/** The archive's futures markets: USDⓈ-M (`um`) and COIN-M (`cm`). */
export type ArchiveMarket = 'um' | 'cm';

/** One symbol-day of the archive: the unit a backfill asks for. */
export interface DayRequest {
  /** `um` or `cm`. */
  readonly market: ArchiveMarket;
  /** Exchange symbol as the archive keys it, e.g. `BTCUSDT` or `BTCUSD_PERP`. */
  readonly symbol: string;
  /** UTC day, `YYYY-MM-DD`. */
  readonly day: string;
}

/** Where a day's files are and what they are called, for one valid {@link DayRequest}. */
export interface DayLocation {
  /** Path of the zip under the archive's base URL. */
  readonly zipPath: string;
  /** Path of the zip's `.CHECKSUM`. */
  readonly checksumPath: string;
  /** The zip's file name, which the checksum line names. */
  readonly zipName: string;
  /** The CSV inside the zip. */
  readonly csvName: string;
  /** Start of the day, epoch ms. */
  readonly dayStartMs: number;
}

const SYMBOL = /^[A-Z0-9_]{2,32}$/;

/**
 * Locates a day's files: `/data/futures/<market>/daily/metrics/<SYMBOL>/<SYMBOL>-metrics-<day>.zip`.
 * Throws {@link ArchiveRequestError} for an unknown market, a symbol outside `^[A-Z0-9_]{2,32}$`
 * (nothing else may reach a URL path) or a day that is not a real `YYYY-MM-DD`.
 */
export function locateDay(request: DayRequest): DayLocation {
  const { market, symbol, day } = request;
  if (market !== 'um' && market !== 'cm')
    throw new ArchiveRequestError(request, `unknown market ${JSON.stringify(market)}`);
  if (!SYMBOL.test(symbol))
    throw new ArchiveRequestError(request, `invalid symbol ${JSON.stringify(symbol)}`);
  const dayStartMs = parseDayKey(day);
  if (dayStartMs === undefined) throw new ArchiveRequestError(request, `invalid day ${JSON.stringify(day)}`);
  const stem = `${symbol}-metrics-${day}`;
  const zipPath = `/data/futures/${market}/daily/metrics/${symbol}/${stem}.zip`;
  return {
    zipPath,
    checksumPath: `${zipPath}.CHECKSUM`,
    zipName: `${stem}.zip`,
    csvName: `${stem}.csv`,
    dayStartMs,
  };
}
