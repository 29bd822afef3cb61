import { hashIntegers, hashUnit } from '../market/seeded-hash.ts';

/**
 * Kinds of random fault: `latency` (a slow but correct answer), `http500`, `http502` (HTML from the
 * CDN), `unknown503` (execution status unknown), `unavailable503`, `waf403` (HTML), `reset` (socket
 * destroyed before any byte), `truncated` (valid headers, body cut in the middle), `stall` (never
 * answered until the simulator closes).
 */
export type FaultKind =
  | 'latency'
  | 'http500'
  | 'http502'
  | 'unknown503'
  | 'unavailable503'
  | 'waf403'
  | 'reset'
  | 'truncated'
  | 'stall';

/** Every fault kind, in the order weights are resolved. */
export const FAULT_KINDS: readonly FaultKind[] = [
  'latency',
  'http500',
  'http502',
  'unknown503',
  'unavailable503',
  'waf403',
  'reset',
  'truncated',
  'stall',
];

/** Seeded random faults: the same seed and the same request sequence give the same faults. */
export interface FaultOptions {
  /** PRNG seed of the faults. @default the simulator's seed */
  seed?: number;
  /** Probability that an eligible request is faulted. @default 0 */
  rate?: number;
  /** Relative weight per kind; kinds left out are not drawn. @default every kind, weight 1 */
  kinds?: Partial<Record<FaultKind, number>>;
  /** Only requests to these paths are eligible (e.g. `/fapi/v1/openInterest`). @default every path */
  paths?: readonly string[];
  /** Upper bound of the extra delay of a `latency` fault. @default 3000 */
  maxLatencyMs?: number;
}

/** One drawn fault. */
export interface DrawnFault {
  readonly kind: FaultKind;
  /** Extra delay for `latency`. */
  readonly latencyMs: number;
  /** For `truncated`: cut with the connection aborted (`abort`) or a cleanly ended short body (`clean`). */
  readonly truncation: 'abort' | 'clean';
}

/** Whether a request to `path` is eligible for random faults. */
export function isFaultEligible(options: FaultOptions | undefined, path: string): boolean {
  if (options === undefined || (options.rate ?? 0) <= 0) return false;
  return options.paths === undefined || options.paths.includes(path);
}

/**
 * Draws the fault of the `index`-th eligible request: a pure function of (seed, index), so a replayed
 * request sequence meets exactly the same faults.
 */
export function drawFault(options: FaultOptions, defaultSeed: number, index: number): DrawnFault | undefined {
  const seed = options.seed ?? defaultSeed;
  const key = hashIntegers(seed, 0xfa17);
  if (hashUnit(key, index, 1) >= (options.rate ?? 0)) return undefined;
  const weighted = FAULT_KINDS.map((kind) => ({
    kind,
    weight: Math.max(0, options.kinds === undefined ? 1 : (options.kinds[kind] ?? 0)),
  })).filter((entry) => entry.weight > 0);
  const total = weighted.reduce((sum, entry) => sum + entry.weight, 0);
  if (total === 0) return undefined;
  let pick = hashUnit(key, index, 2) * total;
  let kind = weighted[weighted.length - 1]!.kind;
  for (const entry of weighted) {
    if (pick < entry.weight) {
      kind = entry.kind;
      break;
    }
    pick -= entry.weight;
  }
  return {
    kind,
    latencyMs: Math.round(hashUnit(key, index, 3) * (options.maxLatencyMs ?? 3000)),
    truncation: hashUnit(key, index, 4) < 0.5 ? 'abort' : 'clean',
  };
}

/** Shared fields of a forced answer. */
export interface ForcedBase {
  /** How many requests get this answer. @default 1 */
  count?: number;
  /** Only requests to this path get it; others pass. @default any path */
  path?: string;
}

/**
 * A forced HTTP answer: 429 (`retryAfterSec`, default: until the window ends), 418 (a real ban of
 * `bannedForMs`, default `banMs`), 503 (`variant` unknown | unavailable), 500, 502 (HTML), 403 (WAF
 * HTML), 408, 451 (the real restricted-location body), or any status with `code`/`msg`.
 */
export interface ForcedStatus extends ForcedBase {
  status: number;
  retryAfterSec?: number;
  bannedForMs?: number;
  variant?: 'unknown' | 'unavailable';
  code?: number;
  msg?: string;
}

/**
 * A forced transport-level answer: `reset`, `stall`, `truncated` (`truncation` abort | clean,
 * default abort), `html` (an HTML page with `status`, default 502), or `latency` (`latencyMs` more).
 */
export interface ForcedTransport extends ForcedBase {
  kind: 'reset' | 'stall' | 'truncated' | 'html' | 'latency';
  status?: number;
  truncation?: 'abort' | 'clean';
  latencyMs?: number;
}

/** A deterministic answer queued by a test with `forceResponses`. */
export type ForcedResponse = ForcedStatus | ForcedTransport;
