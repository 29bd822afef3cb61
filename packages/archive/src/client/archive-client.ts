import { createHttpTransport, type HttpAnswer, type ProxySettings, type TlsSettings } from '@oi/client';
import {
  type Clock,
  classifyFailure,
  parseBinanceErrorResponse,
  type RetryPolicyOptions,
  retryWithPolicy,
  systemClock,
} from '@oi/retry';
import pLimit from 'p-limit';
import { expectedLabelConvention } from '../day/label-convention.ts';
import type { DayOutcome } from '../file/day-outcome.ts';
import { readDayFile } from '../file/read-day-file.ts';
import { ArchiveDownloadError } from './archive-errors.ts';
import type { ArchiveEvent } from './archive-events.ts';
import { type DayRequest, locateDay } from './day-request.ts';
import { mapAsCompleted } from './map-as-completed.ts';

/** Options of {@link createArchiveClient}; read once, never changed afterwards. */
export interface ArchiveClientOptions {
  /** Archive host (and optional path prefix). @default 'https://data.binance.vision' */
  readonly baseUrl?: string | URL;
  /** Proxies, exactly as the API client takes them. @default none */
  readonly proxy?: ProxySettings;
  /** Extra TLS trust for the archive and an https proxy. */
  readonly tls?: TlsSettings;
  /** A fetch to use instead of undici's (then `proxy` and `tls` are not applied). */
  readonly fetch?: typeof globalThis.fetch;
  /** User-Agent header. @default the transport's `oi/<version>` */
  readonly userAgent?: string;
  /** Per-attempt timeout from sending to the last byte of a file, real ms. @default 30_000 */
  readonly timeoutMs?: number;
  /** Days downloaded at once by this client (each sends its zip and checksum requests together). @default 8 */
  readonly concurrency?: number;
  /** Time source and sleeper of the retry waits. @default systemClock */
  readonly clock?: Clock;
  /** Retry knobs. @default DEFAULT_RETRY_POLICY of @oi/retry */
  readonly retry?: Partial<RetryPolicyOptions>;
  /** Receives day-fetched, day-missing, day-rejected and retry events. */
  readonly onEvent?: (event: ArchiveEvent) => void;
}

/** Per-call options. */
export interface ArchiveCallOptions {
  /** Cancels waiting, downloading and retrying; its reason is thrown. */
  readonly signal?: AbortSignal;
}

/** A day's outcome together with the request it answers, as {@link ArchiveClient.fetchDays} yields it. */
export interface ArchiveDayResult {
  /** The day asked for. */
  readonly request: DayRequest;
  /** What the archive holds for it. */
  readonly outcome: DayOutcome;
}

/** Downloads, verifies and reads daily metrics files of Binance's public archive. */
export interface ArchiveClient {
  /**
   * One symbol-day: its zip and `.CHECKSUM`, verified and parsed. A day without a file is
   * `{ kind: 'missing' }` and an unusable file is `{ kind: 'rejected' }`; both are values. Throws
   * `ArchiveRequestError` for a bad request and `ArchiveDownloadError` when a file cannot be
   * downloaded after the retries (or the signal's reason).
   */
  fetchDay(request: DayRequest, options?: ArchiveCallOptions): Promise<DayOutcome>;
  /**
   * Many days through the client's concurrency limit, yielded as each completes (not in request
   * order). Requests are read lazily; the first failure is thrown after the other downloads stop.
   */
  fetchDays(
    requests: Iterable<DayRequest> | AsyncIterable<DayRequest>,
    options?: ArchiveCallOptions,
  ): AsyncIterable<ArchiveDayResult>;
}

const DEFAULT_BASE_URL = 'https://data.binance.vision';
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_CONCURRENCY = 8;
const NO_SUCH_KEY = /<Code>\s*NoSuchKey\s*<\/Code>/;

type Download = { readonly kind: 'found'; readonly answer: HttpAnswer } | { readonly kind: 'missing' };

/**
 * Creates an archive client. It shares the API client's transport (proxies, TLS, timeouts) and
 * retry policy but not its rate budgets: the archive has none, so archive downloads never slow the
 * API down. Throws at once for a bad base URL, proxy URL, timeout or concurrency.
 */
export function createArchiveClient(options: ArchiveClientOptions = {}): ArchiveClient {
  const clock = options.clock ?? systemClock;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  const transport = createHttpTransport({
    baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(options.proxy === undefined ? {} : { proxy: options.proxy }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.userAgent === undefined ? {} : { userAgent: options.userAgent }),
  });
  const emit = options.onEvent ?? (() => {});
  const retryKnobs = { ...options.retry };
  const limit = pLimit(concurrency);

  /** One file with retries: found, or missing (a `NoSuchKey` 404); anything else throws. */
  function download(request: DayRequest, path: string, signal: AbortSignal): Promise<Download> {
    return retryWithPolicy(
      async (): Promise<Download> => {
        const answer = await transport.get(path, {}, { signal });
        if (answer.status >= 200 && answer.status < 300) return { kind: 'found', answer };
        const bodyText = new TextDecoder().decode(answer.body);
        // Only S3's own "no such key" means no file; any other 404 (a wrong base URL, a proxy's
        // page) must not pass for a day that Binance did not publish.
        if (answer.status === 404 && NO_SUCH_KEY.test(bodyText)) return { kind: 'missing' };
        throw parseBinanceErrorResponse({
          method: 'GET',
          endpoint: path,
          status: answer.status,
          bodyText,
          retryAfter: answer.headers.get('retry-after'),
          receivedAtMs: clock.now(),
        });
      },
      {
        ...retryKnobs,
        clock,
        signal,
        onRetry: (info) =>
          emit({
            type: 'retry',
            request,
            path,
            attempt: info.attempt,
            delayMs: info.delayMs,
            failure: info.failure,
            message: info.error instanceof Error ? info.error.message : String(info.error),
          }),
      },
    ).catch((error: unknown) => {
      if (signal.aborted) throw signal.reason;
      throw new ArchiveDownloadError({ request, path, failure: classifyFailure(error), cause: error });
    });
  }

  async function fetchOneDay(request: DayRequest, signal: AbortSignal | undefined): Promise<DayOutcome> {
    signal?.throwIfAborted();
    const location = locateDay(request);
    // The zip and its checksum go together (one round trip per day); when one fails or the day
    // has no file, the other is stopped.
    const sibling = new AbortController();
    const daySignal = signal === undefined ? sibling.signal : AbortSignal.any([signal, sibling.signal]);
    const checksumDownload = download(request, location.checksumPath, daySignal);
    checksumDownload.catch(() => {});
    let zip: Download;
    try {
      zip = await download(request, location.zipPath, daySignal);
    } catch (error) {
      sibling.abort();
      throw error;
    }
    if (zip.kind === 'missing') {
      sibling.abort();
      emit({ type: 'day-missing', request });
      return Object.freeze({ kind: 'missing' });
    }
    const checksum = await checksumDownload;
    const etag = zip.answer.headers.get('etag');
    const lastModified = zip.answer.headers.get('last-modified');
    const outcome = readDayFile({
      location,
      symbol: request.symbol,
      zip: zip.answer.body,
      ...(etag === null ? {} : { etag }),
      ...(lastModified === null ? {} : { lastModified }),
      checksumText: checksum.kind === 'found' ? new TextDecoder().decode(checksum.answer.body) : undefined,
      hint: expectedLabelConvention(request.market, request.day),
    });
    const bytes =
      zip.answer.body.byteLength + (checksum.kind === 'found' ? checksum.answer.body.byteLength : 0);
    if (outcome.kind === 'rejected') emit({ type: 'day-rejected', request, reason: outcome.reason, bytes });
    else {
      emit({
        type: 'day-fetched',
        request,
        bytes,
        rows: outcome.rowCount,
        points: outcome.points.length,
        defects: outcome.defects.length,
      });
    }
    return outcome;
  }

  const fetchDay = (request: DayRequest, callOptions: ArchiveCallOptions = {}): Promise<DayOutcome> =>
    limit(() => fetchOneDay(request, callOptions.signal));

  return Object.freeze({
    fetchDay,
    fetchDays: (
      requests: Iterable<DayRequest> | AsyncIterable<DayRequest>,
      callOptions: ArchiveCallOptions = {},
    ) => ({
      [Symbol.asyncIterator]: () =>
        // Twice the limit unconsumed keeps every download slot busy while the consumer works.
        mapAsCompleted(
          requests,
          concurrency * 2,
          async (request, signal) => ({ request, outcome: await fetchDay(request, { signal }) }),
          callOptions.signal,
        ),
    }),
  });
}
