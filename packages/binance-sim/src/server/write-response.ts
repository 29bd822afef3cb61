import type { ServerResponse } from 'node:http';
import type { Outcome } from './answer-decision.ts';

const WEIGHT_HEADER = 'X-MBX-USED-WEIGHT-1M';

/** The wire content type: JSON and HTML as the exchange labels them, anything else as given. */
function wireContentType(contentType: string): string {
  if (contentType.startsWith('application/json')) return 'application/json';
  if (contentType.startsWith('text/html')) return 'text/html; charset=utf-8';
  return contentType;
}

/** What {@link writeResponse} needs besides the outcome. */
export interface WriteContext {
  readonly method: string;
  readonly path: string;
  /** The weight used in the current window, for the exchange's weight header. */
  readonly usedWeight: () => number;
}

/** Writes an outcome to the socket: a reset, nothing (stall), or the answer, maybe cut short. */
export function writeResponse(res: ServerResponse, outcome: Outcome, context: WriteContext): void {
  if (outcome.kind === 'reset') {
    res.socket?.resetAndDestroy();
    return;
  }
  if (outcome.kind === 'stall') return;
  const { response } = outcome;
  const headers: Record<string, string> = {
    'Content-Type': wireContentType(response.contentType),
    ...response.headers,
  };
  // Every answer of the exchange under /fapi or /dapi carries the (shared) weight of the current
  // window, errors included; /futures/data answers, the archive and CDN/WAF pages do not.
  const underApi = context.path.startsWith('/fapi/') || context.path.startsWith('/dapi/');
  if (underApi && response.edge !== true) {
    headers[WEIGHT_HEADER] = String(context.usedWeight());
  }
  const body = Buffer.from(response.body);
  if (outcome.truncation === 'clean') {
    res.writeHead(response.status, headers);
    res.end(body.subarray(0, Math.floor(body.length / 2)));
    return;
  }
  headers['Content-Length'] = String(body.length);
  res.writeHead(response.status, headers);
  if (context.method === 'HEAD') {
    res.end();
    return;
  }
  if (outcome.truncation === 'abort') {
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
    return;
  }
  res.end(body);
}
