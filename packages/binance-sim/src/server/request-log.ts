import type { EndpointName, ServiceName } from './route-request.ts';

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
  /** Weight charged to the request-weight budget (0 for /futures/data, the archive and uncharged answers). */
  readonly weight: number;
  readonly endpoint: EndpointName;
  /** Which service answered: the REST API or the public data archive. */
  readonly service: ServiceName;
  /** The fault applied: a random kind (e.g. `reset`) or `forced:<status|kind>`. */
  readonly fault?: string;
}

/** Request totals. */
export interface RequestCounts {
  readonly total: number;
  readonly byEndpoint: Readonly<Record<string, number>>;
  /** Keyed by status as a string; `'0'` counts resets and stalls. */
  readonly byStatus: Readonly<Record<string, number>>;
  /** Keyed by service: `api` and `archive`. */
  readonly byService: Readonly<Record<string, number>>;
}

/** The simulator's request log. */
export interface RequestLog {
  append(entry: RequestLogEntry): void;
  entries(): readonly RequestLogEntry[];
  counts(): RequestCounts;
  clear(): void;
}

/** Creates an empty request log. */
export function createRequestLog(): RequestLog {
  let log: RequestLogEntry[] = [];
  const bump = (counts: Record<string, number>, key: string): void => {
    counts[key] = (counts[key] ?? 0) + 1;
  };
  return {
    append(entry) {
      log.push(entry);
    },
    entries: () => log.slice(),
    counts() {
      const byEndpoint: Record<string, number> = {};
      const byStatus: Record<string, number> = {};
      const byService: Record<string, number> = {};
      for (const entry of log) {
        bump(byEndpoint, entry.endpoint);
        bump(byStatus, String(entry.status));
        bump(byService, entry.service);
      }
      return { total: log.length, byEndpoint, byStatus, byService };
    },
    clear() {
      log = [];
    },
  };
}
