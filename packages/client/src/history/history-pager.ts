import { classifyFailure } from '@oi/retry';
import type { RequestOptions, RunRequest } from '../client/request-runner.ts';
import { parseOpenInterestHistory } from '../parse/parse-response.ts';
import type {
  HistoryPage,
  HistoryQuery,
  HistoryRangeQuery,
  OpenInterestHistoryRow,
} from '../parse/records.ts';
import { periodMs } from './history-period.ts';
import { HISTORY_ROWS_PER_REQUEST, planHistoryWindows } from './history-windows.ts';

/** What {@link createHistoryPager} needs from the client. */
export interface HistoryPagerOptions {
  readonly run: RunRequest;
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

/** Creates the pager over the client's one request path. */
export function createHistoryPager(options: HistoryPagerOptions): HistoryPager {
  function fetchHistory(
    query: HistoryQuery,
    requestOptions: RequestOptions | undefined,
  ): Promise<readonly OpenInterestHistoryRow[]> {
    const limit = query.limit ?? HISTORY_ROWS_PER_REQUEST;
    return options.run(
      {
        path: '/futures/data/openInterestHist',
        params: {
          symbol: query.symbol,
          period: query.period,
          limit: String(limit),
          startTime: String(query.startTimeMs),
          endTime: String(query.endTimeMs),
        },
        parse: (target, body) => parseOpenInterestHistory(target, body, query.startTimeMs, query.endTimeMs),
      },
      { priority: 'history', ...requestOptions },
    );
  }

  async function* historyPages(
    query: HistoryRangeQuery,
    requestOptions: RequestOptions | undefined,
  ): AsyncGenerator<HistoryPage> {
    const plan = planHistoryWindows({
      range: { startMs: query.startMs, endMs: query.endMs },
      slotMs: periodMs(query.period),
      nowMs: options.serverNowMs(),
      retentionMs: options.retentionMs,
      retentionMarginMs: options.retentionMarginMs,
      ...(query.listedAtMs === undefined ? {} : { listedAtMs: query.listedAtMs }),
    });
    for (const window of plan) {
      if (window.kind !== 'fetch') {
        yield Object.freeze({ kind: window.kind, range: Object.freeze({ ...window.range }) });
        continue;
      }
      try {
        const rows = await fetchHistory(
          {
            symbol: query.symbol,
            period: query.period,
            startTimeMs: window.startTimeMs,
            endTimeMs: window.endTimeMs,
          },
          requestOptions,
        );
        yield Object.freeze({ kind: 'rows', range: Object.freeze({ ...window.range }), rows });
      } catch (error) {
        // The wall moved past this window while paging: a value, not a failure, and never asked again.
        if (classifyFailure(error).reason !== 'beyond-retention') throw error;
        yield Object.freeze({ kind: 'beyond-retention', range: Object.freeze({ ...window.range }) });
      }
    }
  }

  return { fetchHistory, historyPages };
}
