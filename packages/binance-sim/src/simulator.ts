import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type CoinMHistoryRow, findCoinMHistoryRow } from './api/coin-m-history.ts';
import type { MarketContext, MarketSymbols } from './api/market-context.ts';
import { findHistoryRow, type HistoryRow } from './api/open-interest-history.ts';
import { type BudgetState, createRateLimiter, DEFAULT_LIMITS, type SimLimits } from './api/rate-limits.ts';
import type { ArchiveMarket } from './archive/archive-calendar.ts';
import { routeArchiveRequest } from './archive/archive-routes.ts';
import { type ArchiveDayFile, createArchiveStore } from './archive/archive-store.ts';
import { realClock, type SimClock } from './clock/clock.ts';
import { buildMarkets } from './market/build-markets.ts';
import { createContractRoles } from './market/contract-roles.ts';
import { createMarketSeries } from './market/market-series.ts';
import { hashUnit } from './market/seeded-hash.ts';
import { type SymbolState, symbolStateAt } from './market/symbol-state.ts';
import type { FuturesMarket, SimContractType, SimSymbol } from './market/universe.ts';
import { createAnswerDecider } from './server/answer-decision.ts';
import type { FaultOptions, ForcedResponse } from './server/faults.ts';
import { createRequestLog, type RequestCounts, type RequestLogEntry } from './server/request-log.ts';
import { routeRequest } from './server/route-request.ts';
import { writeResponse } from './server/write-response.ts';
import { resolveArchiveCalendar, type SimulatorOptions } from './simulator-options.ts';

export type { SimulatorOptions } from './simulator-options.ts';

/** The values the server gives, for tests to compare byte for byte. */
export interface SimTruth {
  /** The `/fapi/v1/openInterest` value at a server time. */
  openInterestAt(symbol: string, timeMs: number): string;
  /** The `markPrice` of `/fapi/v1/premiumIndex` at a server time. */
  markPriceAt(symbol: string, timeMs: number): string;
  /** The openInterestHist row as served at the current server time, or undefined when not servable. */
  historyRow(symbol: string, period: string, slotMs: number): HistoryRow | undefined;
  /**
   * The `sumOpenInterest` / `sumOpenInterestValue` of the 5m snapshot at any slot, as the API prints
   * them (8 decimals), ignoring retention and publication: the truth for archive-era slots.
   */
  historyValuesAt(symbol: string, slotMs: number): { sumOpenInterest: string; sumOpenInterestValue: string };
  /** A day's archive file as served now (rows, CSV, zip, checksum, ETag), or undefined when it would 404. */
  archiveDay(market: ArchiveMarket, symbol: string, day: string): ArchiveDayFile | undefined;
  /** The first and last day the archive publishes for a symbol now (a `missing` defect may drop either). */
  archiveDayRange(market: ArchiveMarket, symbol: string): { firstDay: string; lastDay: string } | undefined;
  /** The `/dapi/v1/openInterest` value of a COIN-M contract at a server time: contracts, an integer string. */
  coinMOpenInterestAt(symbol: string, timeMs: number): string;
  /** The `markPrice` of `/dapi/v1/premiumIndex` for a COIN-M contract at a server time. */
  coinMMarkPriceAt(symbol: string, timeMs: number): string;
  /**
   * A COIN-M contract's 5m snapshot at any slot, as the API and the archive print it (contracts and
   * the base-coin value, 8 decimals), ignoring retention: the truth for archive-era slots.
   */
  coinMHistoryValuesAt(
    symbol: string,
    slotMs: number,
  ): { sumOpenInterest: string; sumOpenInterestValue: string };
  /** The COIN-M openInterestHist row of a pair's role as served now, or undefined when not servable. */
  coinMHistoryRow(
    pair: string,
    contractType: SimContractType,
    slotMs: number,
    period?: string,
  ): CoinMHistoryRow | undefined;
  /** The COIN-M contract that held a role of a pair at an instant (its history rows are that contract's). */
  contractAt(pair: string, contractType: SimContractType, timeMs: number): string | undefined;
  /** Whether exchangeInfo lists a symbol (of either market) at a server time, and its status and type then. */
  symbolStateAt(symbol: string, timeMs: number): SymbolState;
  /** The symbols a market's exchangeInfo lists at a server time, in its order. */
  listedSymbolsAt(market: FuturesMarket, timeMs: number): readonly string[];
}

/** A running simulator. */
export interface Simulator {
  /** e.g. `http://127.0.0.1:41234`; the REST API and the public data archive share it. */
  readonly url: string;
  readonly port: number;
  readonly seed: number;
  readonly clock: SimClock;
  /** Server time when the simulator started (listing dates are placed relative to it). */
  readonly startedAtMs: number;
  /** Every USDⓈ-M symbol the simulator ever lists (scheduled listings included). */
  readonly universe: readonly SimSymbol[];
  /** Every COIN-M contract: perpetuals, and quarterlies from the one delivered last before start to two years on. */
  readonly coinMUniverse: readonly SimSymbol[];
  readonly truth: SimTruth;
  /** Current server time (clock + offset). */
  serverTimeMs(): number;
  /** Replaces the random faults (undefined: none). The fault sequence index continues. */
  setFaults(faults: FaultOptions | undefined): void;
  /** Queues deterministic answers for the next matching requests. */
  forceResponses(spec: ForcedResponse): void;
  requests(): readonly RequestLogEntry[];
  counts(): RequestCounts;
  budgets(): BudgetState;
  clearLog(): void;
  /** Closes the server and every socket, including stalled ones. */
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;
const THIRTY_DAYS_MS = 30 * DAY_MS;
/** COIN-M quarterlies are built for listings up to this long after start. */
const QUARTER_HORIZON_MS = 730 * DAY_MS;

function parseQuery(searchParams: URLSearchParams): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of searchParams) query[key] = value;
  return query;
}

/**
 * Starts a simulated Binance futures REST server: USDⓈ-M (/fapi), COIN-M (/dapi) and
 * /futures/data, with the public data archive on the same port.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const clock = options.clock ?? realClock;
  const seed = options.seed ?? 1;
  const offsetMs = options.serverClockOffsetMs ?? 0;
  const limits: SimLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const retentionMs = options.retentionMs ?? THIRTY_DAYS_MS;
  const historyPublishDelayMs = options.historyPublishDelayMs ?? 6000;
  const serverNow = (): number => clock.now() + offsetMs;
  const startedAtMs = serverNow();
  const built = buildMarkets({
    startMs: startedAtMs,
    seed,
    extraSymbols: options.extraSymbols ?? 0,
    coinMExtraSymbols: options.coinMExtraSymbols ?? 0,
    quarterHorizonMs: QUARTER_HORIZON_MS,
    listings: options.listings ?? [],
    delistings: options.delistings ?? [],
  });
  const marketOf = (symbols: readonly SimSymbol[]): MarketSymbols => ({
    universe: symbols,
    bySymbol: new Map(symbols.map((symbol) => [symbol.symbol, symbol])),
  });
  const markets: Record<FuturesMarket, MarketSymbols> = { um: marketOf(built.um), cm: marketOf(built.cm) };
  const roles = createContractRoles(built.cm);
  const series = createMarketSeries(seed);
  const archive = createArchiveStore({
    seed,
    series,
    universe: [...built.um, ...built.cm],
    calendar: resolveArchiveCalendar(options),
    defects: options.archiveDefects ?? [],
  });
  const limiter = createRateLimiter(limits);
  const log = createRequestLog();
  let seq = 0;
  // Requests in the order they arrive, before their inbound latency: the seed of each one's delays.
  let arrivals = 0;
  const sockets = new Set<Socket>();
  const closing = new AbortController();

  const contextAt = (nowMs: number): MarketContext => ({
    markets,
    roles,
    series,
    limits,
    retentionMs,
    historyPublishDelayMs,
    nowMs,
  });
  const decider = createAnswerDecider({ seed, limits, limiter, contextAt, faults: options.faults });

  const symbolOf = (name: string, market: FuturesMarket = 'um'): SimSymbol => {
    const symbol = markets[market].bySymbol.get(name);
    if (symbol === undefined) throw new RangeError(`Unknown simulator ${market} symbol: ${name}`);
    return symbol;
  };
  const anySymbolOf = (name: string): SimSymbol => markets.um.bySymbol.get(name) ?? symbolOf(name, 'cm');

  const baseLatencyMs = (requestSeq: number): number => {
    if (options.latency === undefined) return 0;
    const { baseMs, jitterMs } = options.latency;
    // Seeded per request so a replayed sequence sees the same delays.
    const unit = hashUnit(seed, 0x1a7e, requestSeq);
    return Math.max(0, baseMs + jitterMs * unit);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let release = clock.hold();
    // Network time: the hold is let go while it passes, so a virtual clock can reach its end.
    const onTheWire = async (ms: number): Promise<void> => {
      if (!(ms > 0)) return;
      release();
      try {
        await clock.sleep(ms, closing.signal);
      } finally {
        release = clock.hold();
      }
    };
    try {
      // The latency is the network's round trip: half of it passes before the exchange sees the
      // request (stamps its time, counts its weight), the rest on the answer's way back. A client that
      // takes half the round trip as the way out then reads the exchange's clock right.
      const latencyMs = baseLatencyMs(++arrivals);
      const inboundMs = latencyMs / 2;
      await onTheWire(inboundMs);
      const requestSeq = ++seq;
      const nowMs = serverNow();
      const url = new URL(req.url ?? '/', 'http://simulator.invalid');
      const path = url.pathname;
      const query = parseQuery(url.searchParams);
      const method = req.method ?? 'GET';
      const route = routeArchiveRequest(method, path, query, archive) ?? routeRequest(method, path, query);
      const decision = decider.decide(route, path, nowMs);
      const status = decision.outcome.kind === 'respond' ? decision.outcome.response.status : 0;
      log.append({
        seq: requestSeq,
        timeMs: nowMs,
        method,
        path,
        query,
        status,
        weight: decision.weight,
        endpoint: route.endpoint,
        service: route.service,
        ...(decision.fault === undefined ? {} : { fault: decision.fault }),
      });
      await onTheWire(
        decision.outcome.kind === 'stall' ? 0 : latencyMs - inboundMs + decision.extraLatencyMs,
      );
      writeResponse(res, decision.outcome, { method, path, usedWeight: () => limiter.usedWeight(nowMs) });
    } catch {
      // Only closing interrupts a latency sleep; the socket is being destroyed anyway.
      res.socket?.destroy();
    } finally {
      release();
    }
  };

  const server = createServer({ keepAlive: true }, (req, res) => {
    void handle(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    seed,
    clock,
    startedAtMs,
    universe: built.um,
    coinMUniverse: built.cm,
    truth: {
      openInterestAt: (symbol, timeMs) => series.openInterestAt(symbolOf(symbol), timeMs),
      markPriceAt: (symbol, timeMs) => series.markPriceAt(symbolOf(symbol), timeMs),
      historyRow: (symbol, period, slotMs) => findHistoryRow(contextAt(serverNow()), symbol, period, slotMs),
      historyValuesAt: (symbol, slotMs) => series.historyValuesAt(symbolOf(symbol), slotMs),
      archiveDay: (market, symbol, day) => archive.dayFile(market, symbol, day, serverNow()),
      archiveDayRange: (market, symbol) => archive.dayRange(market, symbol, serverNow()),
      coinMOpenInterestAt: (symbol, timeMs) => series.openInterestAt(symbolOf(symbol, 'cm'), timeMs),
      coinMMarkPriceAt: (symbol, timeMs) => series.markPriceAt(symbolOf(symbol, 'cm'), timeMs),
      coinMHistoryValuesAt: (symbol, slotMs) => series.historyValuesAt(symbolOf(symbol, 'cm'), slotMs),
      coinMHistoryRow: (pair, contractType, slotMs, period = '5m') =>
        findCoinMHistoryRow(contextAt(serverNow()), pair, contractType, period, slotMs),
      contractAt: (pair, contractType, timeMs) => roles.contractAt(pair, contractType, timeMs)?.symbol,
      symbolStateAt: (symbol, timeMs) => symbolStateAt(anySymbolOf(symbol), timeMs),
      listedSymbolsAt: (market, timeMs) =>
        markets[market].universe
          .filter((symbol) => symbolStateAt(symbol, timeMs).listed)
          .map((symbol) => symbol.symbol),
    },
    serverTimeMs: serverNow,
    setFaults: (next) => decider.setFaults(next),
    forceResponses: (spec) => decider.force(spec),
    requests: () => log.entries(),
    counts: () => log.counts(),
    budgets: () => limiter.state(serverNow()),
    clearLog: () => log.clear(),
    close() {
      closing.abort(new Error('simulator closed'));
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      });
    },
  };
}
