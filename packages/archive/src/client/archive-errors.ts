import { OiError } from '@oi/errors';
import type { FailureClass } from '@oi/retry';
import type { DayRequest } from './day-request.ts';

/** A {@link DayRequest} that names no archive file (bad market, symbol or day); code `ARCHIVE_BAD_REQUEST`. */
export class ArchiveRequestError extends OiError {
  /** The request as given. */
  readonly request: DayRequest;

  constructor(request: DayRequest, problem: string) {
    super('ARCHIVE_BAD_REQUEST', `Not an archive day: ${problem}`);
    this.request = request;
  }
}

/**
 * A day file could not be downloaded: a network failure, a timeout or a 5xx after the retries, or
 * an answer that is never retried (403, 451, any 4xx but a `NoSuchKey` 404); code
 * `ARCHIVE_DOWNLOAD_FAILED`. `cause` is the last attempt's error (`NetworkError`,
 * `RequestTimeoutError` or `BinanceApiError` of `@oi/retry`).
 */
export class ArchiveDownloadError extends OiError {
  /** The day that was asked for. */
  readonly request: DayRequest;
  /** Path of the file that failed, under the archive's base URL. */
  readonly path: string;
  /** How `classifyFailure` judged the last error: `fatal` (stop) or `retry` (a later run may succeed). */
  readonly failure: FailureClass;

  constructor(details: {
    readonly request: DayRequest;
    readonly path: string;
    readonly failure: FailureClass;
    readonly cause: unknown;
  }) {
    const why = details.cause instanceof Error ? details.cause.message : String(details.cause);
    super('ARCHIVE_DOWNLOAD_FAILED', `Archive download failed (${details.failure.reason}): ${why}`, {
      cause: details.cause,
    });
    this.request = details.request;
    this.path = details.path;
    this.failure = details.failure;
  }
}
