import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { MarketContext } from './api/market-context.ts';
import { findHistoryRow, type HistoryRow } from './api/open-interest-history.ts';
import {
  type BudgetFamily,
  type BudgetState,
  createRateLimiter,
  DEFAULT_LIMITS,
  type SimLimits,
} from './api/rate-limits.ts';
import { realClock, type SimClock } from './clock/clock.ts';
import { createMarketSeries } from './market/market-series.ts';
import { hashUnit } from './market/seeded-hash.ts';
import { buildUniverse, type SimSymbol } from './market/universe.ts';
import {
  type DrawnFault,
  drawFault,
  type FaultOptions,
  type ForcedResponse,
  type ForcedStatus,
  isFaultEligible,
} from './server/faults.ts';
import { type EndpointName, type Route, routeRequest } from './server/route-request.ts';
import {
  BAD_GATEWAY_HTML,
  bannedMessage,
  edgeHtmlResponse,
  errorResponse,
  RESTRICTED_LOCATION_MSG,
  SERVICE_UNAVAILABLE_MSG,
  type SimResponse,
  tooManyRequestsMessage,
  UNKNOWN_ERROR_MSG,
  WAF_FORBIDDEN_HTML,
} from './server/sim-response.ts';

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 0 (an ephemeral port) */
  port?: number;
  /** Every series and fault is a pure function of the seed. @default 1 */
  seed?: number;
  /** The time source; a virtual clock makes windows, bans and publication delays instant. @default realClock */
  clock?: SimClock;
  /** Server time = clock.now() + offset: a server clock ahead of (or behind) the machine. @default 0 */
  serverClockOffsetMs?: number;
  /** Number of generated TRADING perpetuals (`SIM0001USDT`, ...). @default 0 */
  extraSymbols?: number;
  /** How far back openInterestHist serves (the retention wall). @default 30 days */
  retentionMs?: number;
  /** A history row labelled T appears at T + this delay. @default 6000 */
  historyPublishDelayMs?: number;
  /** Rate limits; anything left out keeps Binance's value. */
  limits?: Partial<SimLimits>;
  /** Random faults. @default none */
  faults?: FaultOptions;
  /** Latency of every response, waited with the clock's sleep; jitter is seeded. @default none */
  latency?: { baseMs: number; jitterMs: number };
}

/** One served (or refused, or faulted) request. */
export interface RequestLogEntry {
  readonly seq: number;
  /** Server time at arrival. */
  readonly timeMs: number;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** HTTP status, or 0 when no status was sent (reset, stall). */
  readonly status: number;
  /** Weight charged to the request-weight budget (0 for /futures/data and uncharged answers). */
  readonly weight: number;
  readonly endpoint: EndpointName;
  /** The fault applied: a random kind (e.g. `reset`) or `forced:<status|kind>`. */
  readonly fault?: string;
}

/** Request totals. */
export interface RequestCounts {
  readonly total: number;
  readonly byEndpoint: Readonly<Record<string, number>>;
  /** Keyed by status as a string; `'0'` counts resets and stalls. */
  readonly byStatus: Readonly<Record<string, number>>;
}

/** The values the server gives, for tests to compare byte for byte. */
export interface SimTruth {
  /** The `/fapi/v1/openInterest` value at a server time. */
  openInterestAt(symbol: string, timeMs: number): string;
  /** The `markPrice` of `/fapi/v1/premiumIndex` at a server time. */
  markPriceAt(symbol: string, timeMs: number): string;
  /** The openInterestHist row as served at the current server time, or undefined when not servable. */
  historyRow(symbol: string, period: string, slotMs: number): HistoryRow | undefined;
}

/** A running simulator. */
export interface Simulator {
  /** e.g. `http://127.0.0.1:41234` */
  readonly url: string;
  readonly port: number;
  readonly seed: number;
  readonly clock: SimClock;
  /** Server time when the simulator started (listing dates are placed relative to it). */
  readonly startedAtMs: number;
  readonly universe: readonly SimSymbol[];
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

type Outcome =
  | { readonly kind: 'respond'; readonly response: SimResponse; readonly truncation?: 'abort' | 'clean' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'stall' };

interface Decision {
  readonly outcome: Outcome;
  readonly weight: number;
  readonly fault?: string;
  readonly extraLatencyMs: number;
}

const THIRTY_DAYS_MS = 30 * 86_400_000;
const WEIGHT_HEADER = 'X-MBX-USED-WEIGHT-1M';

function describeWindow(limit: number, windowMs: number, unit: string): string {
  if (windowMs === 60_000) return `${limit} ${unit} per minute`;
  if (windowMs % 60_000 === 0) return `${limit} ${unit} per ${windowMs / 60_000} minutes`;
  return `${limit} ${unit} per ${windowMs / 1000} seconds`;
}

/** The HTML page a proxy, the CDN or the WAF gives for a status. */
function htmlPageFor(status: number): string {
  if (status === 502) return BAD_GATEWAY_HTML;
  if (status === 403) return WAF_FORBIDDEN_HTML;
  return `<html><head><title>${status}</title></head><body><h1>${status}</h1></body></html>`;
}

function parseQuery(searchParams: URLSearchParams): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of searchParams) query[key] = value;
  return query;
}

/** Starts a simulated Binance USD-M futures REST server. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const clock = options.clock ?? realClock;
  const seed = options.seed ?? 1;
  const offsetMs = options.serverClockOffsetMs ?? 0;
  const limits: SimLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const retentionMs = options.retentionMs ?? THIRTY_DAYS_MS;
  const historyPublishDelayMs = options.historyPublishDelayMs ?? 6000;
  const serverNow = (): number => clock.now() + offsetMs;
  const startedAtMs = serverNow();
  const universe = buildUniverse({ startMs: startedAtMs, seed, extraSymbols: options.extraSymbols ?? 0 });
  const bySymbol = new Map(universe.map((symbol) => [symbol.symbol, symbol]));
  const series = createMarketSeries(seed);
  const limiter = createRateLimiter(limits);
  let faults = options.faults;
  let faultIndex = 0;
  const forced: { spec: ForcedResponse; remaining: number }[] = [];
  let log: RequestLogEntry[] = [];
  let seq = 0;
  const sockets = new Set<Socket>();
  const closing = new AbortController();

  const contextAt = (nowMs: number): MarketContext => ({
    universe,
    bySymbol,
    series,
    limits,
    retentionMs,
    historyPublishDelayMs,
    nowMs,
  });

  const symbolOf = (name: string): SimSymbol => {
    const symbol = bySymbol.get(name);
    if (symbol === undefined) throw new RangeError(`Unknown simulator symbol: ${name}`);
    return symbol;
  };

  const takeForced = (path: string): ForcedResponse | undefined => {
    const index = forced.findIndex((entry) => entry.spec.path === undefined || entry.spec.path === path);
    if (index < 0) return undefined;
    const entry = forced[index]!;
    entry.remaining -= 1;
    if (entry.remaining <= 0) forced.splice(index, 1);
    return entry.spec;
  };

  const limitedResponse = (
    family: BudgetFamily,
    nowMs: number,
    windowEndsMs: number,
    retryAfterSec?: number,
  ) => {
    const text =
      family === 'weight'
        ? describeWindow(limits.weightPerWindow, limits.weightWindowMs, 'requests')
        : describeWindow(limits.historyRequestsPerWindow, limits.historyWindowMs, 'requests');
    const response = errorResponse(429, -1003, tooManyRequestsMessage(text));
    const seconds = retryAfterSec ?? Math.max(1, Math.ceil((windowEndsMs - nowMs) / 1000));
    return { ...response, headers: { 'Retry-After': String(seconds) } };
  };

  const bannedResponse = (bannedUntilMs: number, nowMs: number): SimResponse => ({
    ...errorResponse(418, -1003, bannedMessage(bannedUntilMs)),
    headers: { 'Retry-After': String(Math.max(1, Math.ceil((bannedUntilMs - nowMs) / 1000))) },
  });

  const forcedStatusResponse = (spec: ForcedStatus, route: Route, nowMs: number): SimResponse => {
    const custom = (code: number, msg: string): SimResponse =>
      errorResponse(spec.status, spec.code ?? code, spec.msg ?? msg);
    switch (spec.status) {
      case 429: {
        const family = route.family ?? 'weight';
        const state = limiter.state(nowMs);
        const endsMs = family === 'weight' ? state.weightWindowEndsMs : state.historyWindowEndsMs;
        return limitedResponse(family, nowMs, endsMs, spec.retryAfterSec);
      }
      case 418: {
        const untilMs = nowMs + (spec.bannedForMs ?? limits.banMs);
        limiter.ban(untilMs);
        return bannedResponse(untilMs, nowMs);
      }
      case 503:
        return spec.variant === 'unavailable'
          ? custom(-1000, SERVICE_UNAVAILABLE_MSG)
          : custom(-1000, UNKNOWN_ERROR_MSG);
      case 502:
      case 403:
        return edgeHtmlResponse(spec.status, htmlPageFor(spec.status));
      case 451:
        return custom(0, RESTRICTED_LOCATION_MSG);
      case 408:
        return custom(
          -1007,
          'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
        );
      case 500:
        return custom(-1000, 'An unknown error occured while processing the request.');
      default:
        return custom(-1000, 'Unknown error.');
    }
  };

  /** Charges the budget, then answers: 418 while banned, 429 over budget, else the endpoint. */
  const serveCharged = (route: Route, nowMs: number): { response: SimResponse; weight: number } => {
    if (route.family === undefined) return { response: route.answer(contextAt(nowMs)), weight: 0 };
    const verdict = limiter.charge(route.family, route.family === 'weight' ? route.weight : 1, nowMs);
    if (verdict.kind === 'banned')
      return { response: bannedResponse(verdict.bannedUntilMs, nowMs), weight: 0 };
    const weight = route.family === 'weight' ? route.weight : 0;
    if (verdict.kind === 'limited') {
      return { response: limitedResponse(verdict.family, nowMs, verdict.windowEndsMs), weight };
    }
    return { response: route.answer(contextAt(nowMs)), weight };
  };

  /** What to answer and what it costs: forced answers and faults outside the exchange cost 0 weight. */
  const decision = (outcome: Outcome, weight: number, fault?: string, extraLatencyMs = 0): Decision => ({
    outcome,
    weight,
    ...(fault === undefined ? {} : { fault }),
    extraLatencyMs,
  });
  const respond = (response: SimResponse): Outcome => ({ kind: 'respond', response });

  const decide = (route: Route, path: string, nowMs: number): Decision => {
    const spec = takeForced(path);
    if (spec !== undefined) {
      if ('kind' in spec) {
        const fault = `forced:${spec.kind}`;
        switch (spec.kind) {
          case 'reset':
          case 'stall':
            return decision({ kind: spec.kind }, 0, fault);
          case 'html': {
            const status = spec.status ?? 502;
            return decision(respond(edgeHtmlResponse(status, htmlPageFor(status))), 0, fault);
          }
          case 'truncated': {
            const served = serveCharged(route, nowMs);
            const truncation = spec.truncation ?? 'abort';
            return decision({ kind: 'respond', response: served.response, truncation }, served.weight, fault);
          }
          case 'latency': {
            const served = serveCharged(route, nowMs);
            return decision(respond(served.response), served.weight, fault, spec.latencyMs ?? 1000);
          }
        }
      }
      return decision(respond(forcedStatusResponse(spec, route, nowMs)), 0, `forced:${spec.status}`);
    }

    let drawn: DrawnFault | undefined;
    if (faults !== undefined && isFaultEligible(faults, path)) {
      drawn = drawFault(faults, seed, faultIndex);
      faultIndex += 1;
    }
    if (drawn === undefined) {
      const served = serveCharged(route, nowMs);
      return decision(respond(served.response), served.weight);
    }
    const fault = drawn.kind;
    // Faults of the network, CDN and WAF layers never reach the exchange, so they cost no weight.
    switch (drawn.kind) {
      case 'reset':
      case 'stall':
        return decision({ kind: drawn.kind }, 0, fault);
      case 'http502':
        return decision(respond(edgeHtmlResponse(502, BAD_GATEWAY_HTML)), 0, fault);
      case 'waf403':
        return decision(respond(edgeHtmlResponse(403, WAF_FORBIDDEN_HTML)), 0, fault);
      case 'unavailable503':
        return decision(respond(errorResponse(503, -1000, SERVICE_UNAVAILABLE_MSG)), 0, fault);
      default:
        break;
    }
    // The remaining faults happen inside the exchange: the request is charged, and a budget refusal wins.
    const served = serveCharged(route, nowMs);
    const weight = served.weight;
    if (served.response.status === 429 || served.response.status === 418) {
      return decision(respond(served.response), weight);
    }
    switch (drawn.kind) {
      case 'http500':
        return decision(
          respond(errorResponse(500, -1000, 'An unknown error occured while processing the request.')),
          weight,
          fault,
        );
      case 'unknown503':
        return decision(respond(errorResponse(503, -1000, UNKNOWN_ERROR_MSG)), weight, fault);
      case 'truncated':
        return decision(
          { kind: 'respond', response: served.response, truncation: drawn.truncation },
          weight,
          fault,
        );
      default:
        return decision(respond(served.response), weight, fault, drawn.latencyMs);
    }
  };

  const baseLatencyMs = (requestSeq: number): number => {
    if (options.latency === undefined) return 0;
    const { baseMs, jitterMs } = options.latency;
    // Seeded per request so a replayed sequence sees the same delays.
    const unit = hashUnit(seed, 0x1a7e, requestSeq);
    return Math.max(0, baseMs + jitterMs * unit);
  };

  const writeResponse = (res: ServerResponse, path: string, outcome: Outcome, nowMs: number): void => {
    if (outcome.kind === 'reset') {
      res.socket?.resetAndDestroy();
      return;
    }
    if (outcome.kind === 'stall') return;
    const { response } = outcome;
    const headers: Record<string, string> = {
      'Content-Type': response.contentType.startsWith('application/json')
        ? 'application/json'
        : 'text/html; charset=utf-8',
      ...response.headers,
    };
    // Every answer of the exchange under /fapi carries the weight of the current window, errors
    // included; /futures/data answers and pages from the CDN/WAF in front of it do not.
    if (path.startsWith('/fapi/') && response.edge !== true) {
      headers[WEIGHT_HEADER] = String(limiter.usedWeight(nowMs));
    }
    const body = Buffer.from(response.body);
    if (outcome.truncation === 'clean') {
      res.writeHead(response.status, headers);
      res.end(body.subarray(0, Math.floor(body.length / 2)));
      return;
    }
    headers['Content-Length'] = String(body.length);
    res.writeHead(response.status, headers);
    if (outcome.truncation === 'abort') {
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let release = clock.hold();
    try {
      const requestSeq = ++seq;
      const nowMs = serverNow();
      const url = new URL(req.url ?? '/', 'http://simulator.invalid');
      const path = url.pathname;
      const query = parseQuery(url.searchParams);
      const method = req.method ?? 'GET';
      const route = routeRequest(method, path, query);
      const decision = decide(route, path, nowMs);
      const status = decision.outcome.kind === 'respond' ? decision.outcome.response.status : 0;
      log.push({
        seq: requestSeq,
        timeMs: nowMs,
        method,
        path,
        query,
        status,
        weight: decision.weight,
        endpoint: route.endpoint,
        ...(decision.fault === undefined ? {} : { fault: decision.fault }),
      });
      const delayMs =
        decision.outcome.kind === 'stall' ? 0 : baseLatencyMs(requestSeq) + decision.extraLatencyMs;
      if (delayMs > 0) {
        release();
        try {
          await clock.sleep(delayMs, closing.signal);
        } finally {
          release = clock.hold();
        }
      }
      writeResponse(res, path, decision.outcome, nowMs);
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
    universe,
    truth: {
      openInterestAt: (symbol, timeMs) => series.openInterestAt(symbolOf(symbol), timeMs),
      markPriceAt: (symbol, timeMs) => series.markPriceAt(symbolOf(symbol), timeMs),
      historyRow: (symbol, period, slotMs) => findHistoryRow(contextAt(serverNow()), symbol, period, slotMs),
    },
    serverTimeMs: serverNow,
    setFaults(next) {
      faults = next;
    },
    forceResponses(spec) {
      forced.push({ spec, remaining: Math.max(1, spec.count ?? 1) });
    },
    requests: () => log.slice(),
    counts() {
      const byEndpoint: Record<string, number> = {};
      const byStatus: Record<string, number> = {};
      for (const entry of log) {
        byEndpoint[entry.endpoint] = (byEndpoint[entry.endpoint] ?? 0) + 1;
        byStatus[String(entry.status)] = (byStatus[String(entry.status)] ?? 0) + 1;
      }
      return { total: log.length, byEndpoint, byStatus };
    },
    budgets: () => limiter.state(serverNow()),
    clearLog() {
      log = [];
    },
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
