import { classifyFailure } from '@oi/retry';
import type { RequestOptions, RunRequest } from '../client/request-runner.ts';
import { type Market, marketApi } from '../market/market-api.ts';
import type {
  HistoryPage,
  HistoryQuery,
  HistoryRangeQuery,
  OpenInterestHistoryRow,
  TimeRange,
} from '../parse/records.ts';
import { type HistoryPeriod, periodMs } from './history-period.ts';
import { type HistorySubject, historySubjectsOf, splitBySubjects } from './history-subjects.ts';
import { HISTORY_ROWS_PER_REQUEST, planHistoryWindows } from './history-windows.ts';

/** What {@link createHistoryPager} needs from the client. */
export interface HistoryPagerOptions {
  readonly run: RunRequest;
  /** The market whose history is asked for (how a symbol becomes query parameters). */
  readonly market: Market;
  /** The exchange's time now, epoch ms: the retention wall is in server time. */
  readonly serverNowMs: () => number;
  /** How far back openInterestHist serves, ms. */
  readonly retentionMs: number;
  /** Stay this far inside the retention wall, ms. */
  readonly retentionMarginMs: number;
}

/** One page of openInterestHist, and a range paged into windows of 500 slots. */
export interface HistoryPager {
  fetchHistory(query: HistoryQuery, options?: RequestOptions): Promise<readonly OpenInterestHistoryRow[]>;
  historyPages(query: HistoryRangeQuery, options?: RequestOptions): AsyncGenerator<HistoryPage>;
}

const NO_ROWS: readonly OpenInterestHistoryRow[] = Object.freeze([]);

/**
 * Creates the pager over the client's one request path. A symbol's history is asked for through
 * its subjects (USD-M: the symbol; COIN-M: the pair's roles while the contract holds them), each
 * request inside one subject, so every row returned is the symbol's own.
 */
export function createHistoryPager(options: HistoryPagerOptions): HistoryPager {
  const api = marketApi(options.market);

  /** One request: the rows of `subject` in the half-open `range`, labelled with `symbol`. */
  function fetchSubject(
    symbol: string,
    subject: HistorySubject,
    period: HistoryPeriod,
    range: TimeRange,
    limit: number,
    requestOptions: RequestOptions | undefined,
  ): Promise<readonly OpenInterestHistoryRow[]> {
    const startTimeMs = range.startMs;
    const endTimeMs = range.endMs - 1;
    const parseRows = api.historyRows(symbol);
    return options.run(
      {
        path: '/futures/data/openInterestHist',
        params: {
          ...subject.params,
          period,
          limit: String(limit),
          startTime: String(startTimeMs),
          endTime: String(endTimeMs),
        },
        parse: (target, body) => parseRows(target, body, startTimeMs, endTimeMs),
      },
      { priority: 'history', ...requestOptions },
    );
  }

  async function fetchHistory(
    query: HistoryQuery,
    requestOptions: RequestOptions | undefined,
  ): Promise<readonly OpenInterestHistoryRow[]> {
    const limit = query.limit ?? HISTORY_ROWS_PER_REQUEST;
    const pieces = splitBySubjects(
      { startMs: query.startTimeMs, endMs: query.endTimeMs + 1 },
      historySubjectsOf(options.market, query.symbol),
      periodMs(query.period),
    );
    const rows: OpenInterestHistoryRow[] = [];
    for (const piece of pieces) {
      if (piece.subject === undefined) continue;
      rows.push(
        ...(await fetchSubject(
          query.symbol,
          piece.subject,
          query.period,
          piece.range,
          limit,
          requestOptions,
        )),
      );
    }
    return Object.freeze(rows);
  }

  async function* historyPages(
    query: HistoryRangeQuery,
    requestOptions: RequestOptions | undefined,
  ): AsyncGenerator<HistoryPage> {
    const slotMs = periodMs(query.period);
    const subjects = historySubjectsOf(options.market, query.symbol);
    // A contract has no rows before its first role: that part is before its listing too.
    const firstMs = subjects[0]?.range.startMs ?? Number.NEGATIVE_INFINITY;
    const listedAtMs = Math.max(query.listedAtMs ?? Number.NEGATIVE_INFINITY, firstMs);
    const plan = planHistoryWindows({
      range: { startMs: query.startMs, endMs: query.endMs },
      slotMs,
      nowMs: options.serverNowMs(),
      retentionMs: options.retentionMs,
      retentionMarginMs: options.retentionMarginMs,
      ...(Number.isFinite(listedAtMs) ? { listedAtMs } : {}),
    });
    for (const window of plan) {
      if (window.kind !== 'fetch') {
        yield Object.freeze({ kind: window.kind, range: Object.freeze({ ...window.range }) });
        continue;
      }
      for (const piece of splitBySubjects(window.range, subjects, slotMs)) {
        const range = Object.freeze({ ...piece.range });
        // After a contract's delivery no role is its: nothing to ask for, and no rows.
        if (piece.subject === undefined) {
          yield Object.freeze({ kind: 'rows', range, rows: NO_ROWS });
          continue;
        }
        try {
          const rows = await fetchSubject(
            query.symbol,
            piece.subject,
            query.period,
            piece.range,
            HISTORY_ROWS_PER_REQUEST,
            requestOptions,
          );
          yield Object.freeze({ kind: 'rows', range, rows });
        } catch (error) {
          // The wall moved past this window while paging: a value, not a failure, and never asked again.
          if (classifyFailure(error).reason !== 'beyond-retention') throw error;
          yield Object.freeze({ kind: 'beyond-retention', range });
        }
      }
    }
  }

  return { fetchHistory, historyPages };
}
