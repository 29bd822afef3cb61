import type { MarketContext } from '../api/market-context.ts';
import type { BudgetFamily, RateLimiter, SimLimits } from '../api/rate-limits.ts';
import { archiveErrorResponse } from '../archive/s3-xml.ts';
import {
  type DrawnFault,
  drawFault,
  type FaultOptions,
  type ForcedResponse,
  type ForcedStatus,
  isFaultEligible,
} from './faults.ts';
import type { Route } from './route-request.ts';
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
} from './sim-response.ts';

/** What the transport does with a request: answer it (maybe cut short), reset it, or never answer. */
export type Outcome =
  | { readonly kind: 'respond'; readonly response: SimResponse; readonly truncation?: 'abort' | 'clean' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'stall' };

/** The answer to one request, what it cost, and which fault (if any) shaped it. */
export interface Decision {
  readonly outcome: Outcome;
  readonly weight: number;
  readonly fault?: string;
  readonly extraLatencyMs: number;
}

/** What the decider needs from the simulator. */
export interface AnswerDeciderOptions {
  readonly seed: number;
  readonly limits: Readonly<SimLimits>;
  readonly limiter: RateLimiter;
  readonly contextAt: (nowMs: number) => MarketContext;
  readonly faults: FaultOptions | undefined;
}

/** Decides every answer: forced answers first, then seeded random faults, then the budgets. */
export interface AnswerDecider {
  decide(route: Route, path: string, nowMs: number): Decision;
  setFaults(faults: FaultOptions | undefined): void;
  force(spec: ForcedResponse): void;
}

const INTERNAL_ERROR_MSG = 'An unknown error occured while processing the request.';

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

/** What to answer and what it costs: forced answers and faults outside the exchange cost 0 weight. */
function decision(outcome: Outcome, weight: number, fault?: string, extraLatencyMs = 0): Decision {
  return { outcome, weight, ...(fault === undefined ? {} : { fault }), extraLatencyMs };
}

const respond = (response: SimResponse): Outcome => ({ kind: 'respond', response });

/** Creates the decider of one simulator. */
export function createAnswerDecider(options: AnswerDeciderOptions): AnswerDecider {
  const { seed, limits, limiter, contextAt } = options;
  let faults = options.faults;
  let faultIndex = 0;
  const forced: { spec: ForcedResponse; remaining: number }[] = [];

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
  ): SimResponse => {
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

  /** A server-side error body in the answering service's own format (Binance JSON or S3 XML). */
  const serviceError = (route: Route, status: number, nowMs: number, variant?: 'unknown' | 'unavailable') => {
    if (route.service === 'archive') return archiveErrorResponse(status, nowMs, variant);
    if (status === 500) return errorResponse(500, -1000, INTERNAL_ERROR_MSG);
    return errorResponse(503, -1000, variant === 'unavailable' ? SERVICE_UNAVAILABLE_MSG : UNKNOWN_ERROR_MSG);
  };

  const forcedStatusResponse = (spec: ForcedStatus, route: Route, nowMs: number): SimResponse => {
    if (spec.status === 502 || spec.status === 403)
      return edgeHtmlResponse(spec.status, htmlPageFor(spec.status));
    // The archive is S3 behind a CDN: no budgets, no bans, only S3's own error documents.
    if (route.service === 'archive') return archiveErrorResponse(spec.status, nowMs, spec.variant);
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
      case 451:
        return custom(0, RESTRICTED_LOCATION_MSG);
      case 408:
        return custom(
          -1007,
          'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
        );
      case 500:
        return custom(-1000, INTERNAL_ERROR_MSG);
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

  const decideForced = (spec: ForcedResponse, route: Route, nowMs: number): Decision => {
    if (!('kind' in spec)) {
      return decision(respond(forcedStatusResponse(spec, route, nowMs)), 0, `forced:${spec.status}`);
    }
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
  };

  const decideFault = (drawn: DrawnFault, route: Route, nowMs: number): Decision => {
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
        return decision(respond(serviceError(route, 503, nowMs, 'unavailable')), 0, fault);
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
        return decision(respond(serviceError(route, 500, nowMs)), weight, fault);
      case 'unknown503':
        return decision(respond(serviceError(route, 503, nowMs, 'unknown')), weight, fault);
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

  return {
    decide(route, path, nowMs) {
      const spec = takeForced(path);
      if (spec !== undefined) return decideForced(spec, route, nowMs);
      let drawn: DrawnFault | undefined;
      if (faults !== undefined && isFaultEligible(faults, path)) {
        drawn = drawFault(faults, seed, faultIndex);
        faultIndex += 1;
      }
      if (drawn === undefined) {
        const served = serveCharged(route, nowMs);
        return decision(respond(served.response), served.weight);
      }
      return decideFault(drawn, route, nowMs);
    },
    setFaults(next) {
      faults = next;
    },
    force(spec) {
      forced.push({ spec, remaining: Math.max(1, spec.count ?? 1) });
    },
  };
}
