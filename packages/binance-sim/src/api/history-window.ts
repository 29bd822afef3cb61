import { errorResponse, jsonResponse, type SimResponse } from '../server/sim-response.ts';
import type { MarketContext } from './market-context.ts';
import { missingParam, type ParamResult, parseTimeParam } from './query-params.ts';

/** The periods `/futures/data/openInterestHist` accepts (no 1m, no 8h) and their lengths. */
export const HISTORY_PERIOD_MS: Readonly<Record<string, number>> = Object.freeze({
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '2h': 7_200_000,
  '4h': 14_400_000,
  '6h': 21_600_000,
  '12h': 43_200_000,
  '1d': 86_400_000,
});

/** The paging parameters of one openInterestHist request, validated. */
export interface HistoryWindow {
  readonly periodMs: number;
  readonly limit: number;
  readonly startMs: number | undefined;
  readonly endMs: number | undefined;
}

/** The slots servable now, first and last inclusive. */
export interface SlotRange {
  readonly firstMs: number;
  readonly lastMs: number;
}

const DEFAULT_LIMIT = 30;
const MAX_LIMIT = 500;

const floorTo = (timeMs: number, stepMs: number): number => Math.floor(timeMs / stepMs) * stepMs;
const ceilTo = (timeMs: number, stepMs: number): number => Math.ceil(timeMs / stepMs) * stepMs;

/** The -1130 answer of the /futures/data endpoints for a bad parameter. */
export function invalidParam(name: string, msgFirst = false): SimResponse {
  return errorResponse(400, -1130, `parameter '${name}' is invalid.`, msgFirst);
}

/** The `period` parameter; validated first, before the symbol, as the real /futures/data endpoints do. */
export function parsePeriod(query: Readonly<Record<string, string>>): ParamResult<number> {
  const period = query['period'];
  if (period === undefined || period === '') return { ok: false, error: missingParam('period') };
  const periodMs = HISTORY_PERIOD_MS[period];
  return periodMs === undefined
    ? { ok: false, error: invalidParam('period') }
    : { ok: true, value: periodMs };
}

/** `limit`, `startTime` and `endTime`, with the retention wall and their order checked. */
export function parseHistoryWindow(
  context: MarketContext,
  query: Readonly<Record<string, string>>,
  periodMs: number,
): ParamResult<HistoryWindow> {
  let limit = DEFAULT_LIMIT;
  const rawLimit = query['limit'];
  if (rawLimit !== undefined && rawLimit !== '') {
    limit = /^[0-9]{1,9}$/.test(rawLimit) ? Number(rawLimit) : 0;
    if (limit < 1 || limit > MAX_LIMIT) return { ok: false, error: invalidParam('limit') };
  }
  const start = parseTimeParam(query, 'startTime');
  if (!start.ok) return start;
  const end = parseTimeParam(query, 'endTime');
  if (!end.ok) return end;
  const wallMs = context.nowMs - context.retentionMs;
  // Real bodies of the retention wall come with `msg` before `code`.
  if (start.value !== undefined && start.value < wallMs)
    return { ok: false, error: invalidParam('startTime', true) };
  if (end.value !== undefined && end.value < wallMs)
    return { ok: false, error: invalidParam('endTime', true) };
  if (start.value !== undefined && end.value !== undefined && start.value > end.value) {
    return { ok: false, error: errorResponse(400, -1023, 'Start time is greater than end time.') };
  }
  return { ok: true, value: { periodMs, limit, startMs: start.value, endMs: end.value } };
}

/**
 * The slots a life span (listing to end, inclusive) can serve now: from the later of its start and
 * the retention wall to the earlier of its end and the newest published boundary.
 */
export function servableSlots(
  context: MarketContext,
  life: { readonly firstMs: number; readonly lastMs: number },
  periodMs: number,
): SlotRange | undefined {
  const firstMs = Math.max(
    ceilTo(life.firstMs, periodMs),
    ceilTo(context.nowMs - context.retentionMs, periodMs),
  );
  const lastMs = Math.min(
    floorTo(context.nowMs - context.historyPublishDelayMs, periodMs),
    Number.isFinite(life.lastMs) ? floorTo(life.lastMs, periodMs) : Number.POSITIVE_INFINITY,
  );
  return firstMs <= lastMs ? { firstMs, lastMs } : undefined;
}

/** The slots a request selects from the servable ones, oldest first (see README for the rules). */
export function selectSlots(range: SlotRange, window: HistoryWindow): number[] {
  const { periodMs, limit, startMs, endMs } = window;
  let firstMs: number;
  let lastMs: number;
  if (endMs === undefined) {
    // Neither time, or only startTime: the real endpoint ignores a lone startTime and answers the tail.
    lastMs = range.lastMs;
    firstMs = Math.max(range.firstMs, lastMs - (limit - 1) * periodMs);
  } else if (startMs === undefined) {
    lastMs = Math.min(range.lastMs, floorTo(endMs, periodMs));
    firstMs = Math.max(range.firstMs, lastMs - (limit - 1) * periodMs);
  } else {
    // Both bounds inclusive; when more than `limit` rows fit, the first `limit` from startTime.
    firstMs = Math.max(range.firstMs, ceilTo(startMs, periodMs));
    lastMs = Math.min(range.lastMs, floorTo(endMs, periodMs), firstMs + (limit - 1) * periodMs);
  }
  const slots: number[] = [];
  for (let slotMs = firstMs; slotMs <= lastMs; slotMs += periodMs) slots.push(slotMs);
  return slots;
}

/** What an openInterestHist request is about: the span it has rows in, and the rows of a slot. */
export interface HistorySubject<Row> {
  /** Its first and last instants (inclusive), or undefined when it never has rows. */
  readonly life: { readonly firstMs: number; readonly lastMs: number } | undefined;
  rowsAt(slotMs: number): readonly Row[];
}

/**
 * Answers an openInterestHist request: the period first, then the subject's own parameters
 * (`resolve` returns its error answer), then the window, then the rows of the selected slots.
 */
export function answerHistory<Row>(
  context: MarketContext,
  query: Readonly<Record<string, string>>,
  resolve: () => HistorySubject<Row> | SimResponse,
): SimResponse {
  const period = parsePeriod(query);
  if (!period.ok) return period.error;
  const subject = resolve();
  if ('status' in subject) return subject;
  const window = parseHistoryWindow(context, query, period.value);
  if (!window.ok) return window.error;
  const range = subject.life === undefined ? undefined : servableSlots(context, subject.life, period.value);
  if (range === undefined) return jsonResponse(200, []);
  return jsonResponse(
    200,
    selectSlots(range, window.value).flatMap((slotMs) => subject.rowsAt(slotMs)),
  );
}

/** The rows a subject serves now at one slot of a period (none when unservable), for the truth helpers. */
export function servedRowsAt<Row>(
  context: MarketContext,
  subject: HistorySubject<Row>,
  period: string,
  slotMs: number,
): readonly Row[] {
  const periodMs = HISTORY_PERIOD_MS[period];
  if (periodMs === undefined || slotMs % periodMs !== 0 || subject.life === undefined) return [];
  const range = servableSlots(context, subject.life, periodMs);
  if (range === undefined || slotMs < range.firstMs || slotMs > range.lastMs) return [];
  return subject.rowsAt(slotMs);
}
