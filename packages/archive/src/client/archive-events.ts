import type { FailureClass } from '@oi/retry';
import type { ArchiveRejectReason } from '../file/day-outcome.ts';
import type { DayRequest } from './day-request.ts';

/**
 * What the archive client reports through `onEvent`, one event per finished day plus one per
 * retry: enough for a progress bar to count files, bytes and rows per second and for a log.
 */
export type ArchiveEvent =
  | {
      readonly type: 'day-fetched';
      readonly request: DayRequest;
      /** Bytes downloaded for the day: the zip and its checksum. */
      readonly bytes: number;
      /** Data rows in the CSV. */
      readonly rows: number;
      /** Slots with a value. */
      readonly points: number;
      /** Slots without one (missing rows included). */
      readonly defects: number;
    }
  | { readonly type: 'day-missing'; readonly request: DayRequest }
  | {
      readonly type: 'day-rejected';
      readonly request: DayRequest;
      /** Why the file is not used. */
      readonly reason: ArchiveRejectReason;
      /** Bytes downloaded for the day. */
      readonly bytes: number;
    }
  | {
      readonly type: 'retry';
      readonly request: DayRequest;
      /** The file's path under the base URL. */
      readonly path: string;
      /** The attempt that failed, 1 for the first. */
      readonly attempt: number;
      /** Wait before the next attempt, ms. */
      readonly delayMs: number;
      /** Why it is retried. */
      readonly failure: FailureClass;
      /** The failed attempt's error message (never contains credentials). */
      readonly message: string;
    };
