import type { MarketSeries } from '../market/market-series.ts';
import type { SimSymbol } from '../market/universe.ts';
import { applyRowDefects } from './apply-defects.ts';
import {
  type ArchiveCalendar,
  type ArchiveMarket,
  DAY_MS,
  fileDayLife,
  fileDayRange,
  formatDayKey,
  type LabelConvention,
  labelConventionOf,
  parseDayKey,
  publishedAtMs,
} from './archive-calendar.ts';
import {
  type ArchiveDefect,
  isDefectActive,
  type ResolvedDefect,
  resolveArchiveDefects,
} from './archive-defects.ts';
import { type ArchiveValueSource, createArchiveValueSource } from './archive-values.ts';
import { type ArchiveRow, buildCleanRows, renderMetricsCsv } from './metrics-rows.ts';
import { type ZippedDayFile, zipDayFile } from './zip-day-file.ts';

/** One day file exactly as the archive serves it at a server time. */
export interface ArchiveDayFile {
  readonly market: ArchiveMarket;
  readonly symbol: string;
  /** `YYYY-MM-DD`. */
  readonly day: string;
  /** e.g. `data/futures/um/daily/metrics/BTCUSDT/BTCUSDT-metrics-2024-01-15.zip`. */
  readonly zipKey: string;
  /** `zipKey` + `.CHECKSUM`. */
  readonly checksumKey: string;
  /** The name of the CSV inside the zip, e.g. `BTCUSDT-metrics-2024-01-15.csv`. */
  readonly csvName: string;
  /** The convention the day's labels follow when no defect changes them. */
  readonly convention: LabelConvention;
  readonly rows: readonly ArchiveRow[];
  readonly csv: string;
  readonly zip: Uint8Array;
  /** SHA-256 of the zip (what a matching `.CHECKSUM` states). */
  readonly sha256: string;
  /** The `.CHECKSUM` text as served. */
  readonly checksum: string;
  /** The zip's ETag, `"<md5>"`. */
  readonly etag: string;
  readonly lastModifiedMs: number;
  /** The defects shaping this version of the file. */
  readonly defects: readonly ArchiveDefect[];
}

/** One directory of the archive: a symbol of one market. */
export interface ArchiveDirectory {
  readonly market: ArchiveMarket;
  readonly symbol: string;
  /** e.g. `data/futures/um/daily/metrics/BTCUSDT/`. */
  readonly path: string;
  readonly source: ArchiveValueSource;
}

/** An object of the bucket: a zip or a `.CHECKSUM`. */
export interface ArchiveObject {
  readonly key: string;
  readonly body: Uint8Array | string;
  readonly contentType: string;
  readonly etag: string;
  readonly lastModifiedMs: number;
}

/** What a listing shows of an object. */
export interface ArchiveObjectMeta {
  readonly key: string;
  readonly size: number;
  readonly etag: string;
  readonly lastModifiedMs: number;
}

/** The archive's objects at any server time, built on demand from the seeded series. */
export interface ArchiveStore {
  /** Every directory, sorted by path (S3 key order). */
  readonly directories: readonly ArchiveDirectory[];
  directory(market: ArchiveMarket, symbol: string): ArchiveDirectory | undefined;
  /** The directory's keys at a server time, in key order. */
  keysOf(directory: ArchiveDirectory, nowMs: number): readonly string[];
  /** Whether the directory holds any object at a server time. */
  hasKeys(directory: ArchiveDirectory, nowMs: number): boolean;
  object(key: string, nowMs: number): ArchiveObject | undefined;
  meta(key: string, nowMs: number): ArchiveObjectMeta | undefined;
  dayFile(market: ArchiveMarket, symbol: string, day: string, nowMs: number): ArchiveDayFile | undefined;
  dayRange(
    market: ArchiveMarket,
    symbol: string,
    nowMs: number,
  ): { firstDay: string; lastDay: string } | undefined;
}

/** What the store is built from. */
export interface ArchiveStoreOptions {
  readonly seed: number;
  readonly series: MarketSeries;
  /** Every contract of both markets, COIN-M quarterlies included: each has a directory. */
  readonly universe: readonly SimSymbol[];
  readonly calendar: ArchiveCalendar;
  readonly defects: readonly ArchiveDefect[];
}

const ZIP_TYPE = 'application/zip';
// S3's type for an object uploaded without one; the real .CHECKSUM type is not documented.
const CHECKSUM_TYPE = 'binary/octet-stream';
const CHECKSUM_SUFFIX = '.CHECKSUM';
const KEY_PATTERN =
  /^data\/futures\/(um|cm)\/daily\/metrics\/([A-Z0-9_]+)\/([A-Z0-9_]+)-metrics-(\d{4}-\d{2}-\d{2})\.zip(\.CHECKSUM)?$/;
// Built zips kept for the `.CHECKSUM` and zip requests of the same file; listings keep only sizes.
const ZIP_CACHE_SIZE = 256;
const META_CACHE_SIZE = 100_000;

interface FileState {
  readonly directory: ArchiveDirectory;
  readonly dayStartMs: number;
  readonly defects: readonly ResolvedDefect[];
  readonly lastModifiedMs: number;
  /** Identifies this version of the file's bytes. */
  readonly versionKey: string;
}

interface SizedMeta {
  readonly zipSize: number;
  readonly etag: string;
  readonly checksumSize: number;
  readonly checksumEtag: string;
}

function remember<V>(cache: Map<string, V>, limit: number, key: string, value: V): V {
  if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

/** Builds the store of one simulator. Throws `SIM_INVALID_ARCHIVE_DEFECT` for a defect it cannot place. */
export function createArchiveStore(options: ArchiveStoreOptions): ArchiveStore {
  const { calendar, seed, series } = options;
  const base = (market: ArchiveMarket): string => `data/futures/${market}/daily/metrics/`;
  const directories: ArchiveDirectory[] = options.universe
    .map((symbol) => ({
      market: symbol.market,
      symbol: symbol.symbol,
      path: `${base(symbol.market)}${symbol.symbol}/`,
      source: createArchiveValueSource(series, symbol, seed),
    }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const byName = new Map(
    directories.map((directory) => [`${directory.market}/${directory.symbol}`, directory]),
  );
  const directory = (market: ArchiveMarket, symbol: string) => byName.get(`${market}/${symbol}`);

  const resolved = resolveArchiveDefects(options.defects, (market, symbol) => {
    const dir = directory(market, symbol);
    return dir === undefined ? undefined : fileDayLife(calendar, dir.source.symbol);
  });
  const defectsByFile = new Map<string, ResolvedDefect[]>();
  const fileId = (market: ArchiveMarket, symbol: string, dayStartMs: number): string =>
    `${market}/${symbol}/${dayStartMs}`;
  for (const defect of resolved) {
    const id = fileId(defect.market, defect.symbol, defect.dayStartMs);
    defectsByFile.set(id, [...(defectsByFile.get(id) ?? []), defect]);
  }

  const zipName = (dir: ArchiveDirectory, dayStartMs: number): string =>
    `${dir.symbol}-metrics-${formatDayKey(dayStartMs)}.zip`;

  /** The file's state at a server time, or undefined when it is not served (unpublished or missing). */
  const stateOf = (dir: ArchiveDirectory, dayStartMs: number, nowMs: number): FileState | undefined => {
    const range = fileDayRange(calendar, dir.source.symbol, nowMs);
    if (range === undefined || dayStartMs < range.firstDayMs || dayStartMs > range.lastDayMs)
      return undefined;
    const id = fileId(dir.market, dir.symbol, dayStartMs);
    const all = defectsByFile.get(id) ?? [];
    const active = all.filter((defect) => isDefectActive(defect, nowMs));
    if (active.some((defect) => defect.kind === 'missing')) return undefined;
    // Every repair or re-upload that has happened replaced the file, so it dates the bytes.
    let lastModifiedMs = publishedAtMs(calendar, dayStartMs);
    for (const defect of all) {
      if (defect.untilMs <= nowMs) lastModifiedMs = Math.max(lastModifiedMs, defect.untilMs);
      if (defect.kind === 'reupload' && defect.fromMs <= nowMs)
        lastModifiedMs = Math.max(lastModifiedMs, defect.fromMs);
    }
    const versionKey = `${id}@${lastModifiedMs}:${active.map((defect) => resolved.indexOf(defect)).join(',')}`;
    return { directory: dir, dayStartMs, defects: active, lastModifiedMs, versionKey };
  };

  const buildRows = (state: FileState): { rows: ArchiveRow[]; convention: LabelConvention } => {
    const { directory: dir, dayStartMs } = state;
    const convention = labelConventionOf(calendar, dir.market, dayStartMs);
    const clean = buildCleanRows(dir.source, dayStartMs, convention);
    return { rows: applyRowDefects(clean, state.defects, dir.source, dayStartMs), convention };
  };

  const zipOf = (state: FileState, csv: string): ZippedDayFile => {
    const name = zipName(state.directory, state.dayStartMs);
    const badChecksum = state.defects.some((defect) => defect.kind === 'checksumMismatch');
    return zipDayFile(name, name.replace(/\.zip$/, '.csv'), csv, state.lastModifiedMs, badChecksum);
  };

  const zips = new Map<string, ZippedDayFile>();
  const metas = new Map<string, SizedMeta>();
  const zippedOf = (state: FileState): ZippedDayFile =>
    zips.get(state.versionKey) ??
    remember(zips, ZIP_CACHE_SIZE, state.versionKey, zipOf(state, renderMetricsCsv(buildRows(state).rows)));
  const sizedOf = (state: FileState): SizedMeta => {
    const known = metas.get(state.versionKey);
    if (known !== undefined) return known;
    const zipped = zippedOf(state);
    return remember(metas, META_CACHE_SIZE, state.versionKey, {
      zipSize: zipped.zip.length,
      etag: zipped.etag,
      checksumSize: Buffer.byteLength(zipped.checksum),
      checksumEtag: zipped.checksumEtag,
    });
  };

  const locate = (key: string, nowMs: number): { state: FileState; isChecksum: boolean } | undefined => {
    const match = KEY_PATTERN.exec(key);
    if (match === null || match[2] !== match[3]) return undefined;
    const dir = directory(match[1] as ArchiveMarket, match[2]!);
    const dayStartMs = parseDayKey(match[4]!);
    if (dir === undefined || dayStartMs === undefined) return undefined;
    const state = stateOf(dir, dayStartMs, nowMs);
    return state === undefined ? undefined : { state, isChecksum: match[5] !== undefined };
  };

  const servedDays = (dir: ArchiveDirectory, nowMs: number): number[] => {
    const range = fileDayRange(calendar, dir.source.symbol, nowMs);
    const days: number[] = [];
    if (range === undefined) return days;
    for (let dayStartMs = range.firstDayMs; dayStartMs <= range.lastDayMs; dayStartMs += DAY_MS) {
      const missing = defectsByFile
        .get(fileId(dir.market, dir.symbol, dayStartMs))
        ?.some((defect) => defect.kind === 'missing' && isDefectActive(defect, nowMs));
      if (missing !== true) days.push(dayStartMs);
    }
    return days;
  };

  return {
    directories,
    directory,
    keysOf(dir, nowMs) {
      return servedDays(dir, nowMs).flatMap((dayStartMs) => {
        const key = dir.path + zipName(dir, dayStartMs);
        return [key, key + CHECKSUM_SUFFIX];
      });
    },
    hasKeys(dir, nowMs) {
      const range = fileDayRange(calendar, dir.source.symbol, nowMs);
      if (range === undefined) return false;
      // Only a directory whose every day is missing can be empty; count before listing the days.
      const days = (range.lastDayMs - range.firstDayMs) / DAY_MS + 1;
      return (
        days > resolved.filter((defect) => defect.kind === 'missing').length ||
        servedDays(dir, nowMs).length > 0
      );
    },
    object(key, nowMs) {
      const found = locate(key, nowMs);
      if (found === undefined) return undefined;
      const zipped = zippedOf(found.state);
      const { lastModifiedMs } = found.state;
      return found.isChecksum
        ? {
            key,
            body: zipped.checksum,
            contentType: CHECKSUM_TYPE,
            etag: zipped.checksumEtag,
            lastModifiedMs,
          }
        : { key, body: zipped.zip, contentType: ZIP_TYPE, etag: zipped.etag, lastModifiedMs };
    },
    meta(key, nowMs) {
      const found = locate(key, nowMs);
      if (found === undefined) return undefined;
      const sized = sizedOf(found.state);
      const { lastModifiedMs } = found.state;
      return found.isChecksum
        ? { key, size: sized.checksumSize, etag: sized.checksumEtag, lastModifiedMs }
        : { key, size: sized.zipSize, etag: sized.etag, lastModifiedMs };
    },
    dayFile(market, symbol, day, nowMs) {
      const dir = directory(market, symbol);
      const dayStartMs = parseDayKey(day);
      if (dir === undefined || dayStartMs === undefined) return undefined;
      const state = stateOf(dir, dayStartMs, nowMs);
      if (state === undefined) return undefined;
      const { rows, convention } = buildRows(state);
      const csv = renderMetricsCsv(rows);
      const zipped = zipOf(state, csv);
      const zipKey = dir.path + zipName(dir, dayStartMs);
      return {
        market,
        symbol,
        day,
        zipKey,
        checksumKey: zipKey + CHECKSUM_SUFFIX,
        csvName: zipName(dir, dayStartMs).replace(/\.zip$/, '.csv'),
        convention,
        rows,
        csv,
        zip: zipped.zip,
        sha256: zipped.sha256,
        checksum: zipped.checksum,
        etag: zipped.etag,
        lastModifiedMs: state.lastModifiedMs,
        defects: state.defects.map((defect) => defect.spec),
      };
    },
    dayRange(market, symbol, nowMs) {
      const dir = directory(market, symbol);
      const range = dir === undefined ? undefined : fileDayRange(calendar, dir.source.symbol, nowMs);
      if (range === undefined) return undefined;
      return { firstDay: formatDayKey(range.firstDayMs), lastDay: formatDayKey(range.lastDayMs) };
    },
  };
}
