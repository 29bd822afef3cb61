import type { ArchiveFile } from '@oi/archive';
import type { TimeRange } from '@oi/storage';
import type { Gap } from '../gaps/find-gaps.ts';
import type { JournalSavedEvent } from '../journal/task-journal.ts';
import type { HistorySource, SlotConflict } from './backfill-report.ts';

/** Why 1m slots were recorded as missing. */
export type MissedMinuteReason =
  /** The collector was not running (found at start from the last stored row). */
  | 'collector-down'
  /** A whole minute boundary passed without a tick (suspended machine, clock jump, slow tick). */
  | 'missed-tick'
  /** The answer came back after the tick's minute had ended, or never within it. */
  | 'late-response'
  /** The request failed after the client's retries. */
  | 'request-failed';

/** Why a symbol was left out for good. */
export type DropReason = 'invalid-symbol' | 'not-tradable';

/** Everything the engine reports; the CLI turns these into logs and progress bars. */
export type CollectorEvent =
  | { readonly type: 'server-offset'; readonly offsetMs: number; readonly rttMs: number }
  | { readonly type: 'server-offset-failed'; readonly error: unknown }
  | { readonly type: 'tick-start'; readonly minuteMs: number; readonly symbols: number }
  | {
      readonly type: 'tick-done';
      readonly minuteMs: number;
      readonly durationMs: number;
      readonly rows: number;
      readonly failures: number;
      readonly failedSymbols: readonly string[];
      readonly markPriceMissing: boolean;
      readonly weightUsed: number | null;
      readonly interrupted: boolean;
    }
  | {
      readonly type: 'gap-recorded';
      readonly series: '1m';
      readonly symbols: readonly string[];
      readonly range: TimeRange;
      readonly slots: number;
      readonly reason: MissedMinuteReason;
    }
  | {
      readonly type: 'symbol-dropped';
      readonly symbol: string;
      readonly reason: DropReason;
      readonly detail: string;
    }
  | {
      /** A symbol stopped trading (delivered, delisted, settling, or gone from the listings): no more live requests, its history is still completed. */
      readonly type: 'symbol-ended';
      readonly symbol: string;
      /** When its trading ended (its delivery or delisting time, or when it was found not trading), epoch ms. */
      readonly endMs: number;
      readonly detail: string;
    }
  | {
      /** A symbol joined while running: its live rows start at `fromMinuteMs`, its history from `onboardDateMs`. */
      readonly type: 'symbol-listed';
      readonly symbol: string;
      readonly onboardDateMs: number;
      /** The exchange's time of the listings read that showed it. */
      readonly seenAtMs: number;
      /** Its first tick: the first whole minute after `seenAtMs`. */
      readonly fromMinuteMs: number;
    }
  | {
      /** A symbol of an explicit list that the listings do not show trading yet: it joins once they do. */
      readonly type: 'symbol-waiting';
      readonly symbol: string;
      readonly detail: string;
    }
  | {
      /** The listings were read again (exchange time), with how many symbols they list and how many are followed live. */
      readonly type: 'listings-read';
      readonly timeMs: number;
      readonly listed: number;
      readonly live: number;
    }
  /** Reading the listings failed; the collector keeps the last ones and tries again at the next interval. */
  | { readonly type: 'listings-read-failed'; readonly error: unknown }
  /** The listings state file could not be read (the run starts without it) or written (it is written again at the next change). */
  | { readonly type: 'listings-state-failed'; readonly error: unknown }
  | {
      readonly type: 'backfill-start';
      readonly taskId: string | null;
      readonly source: HistorySource;
      readonly symbols: number;
      /** History API windows planned now; in `auto` more follow for what the archive turns out to lack. */
      readonly windows: number;
      /** Symbol-days to ask the archive for. */
      readonly archiveDays: number;
      /** Missing slots some source can fill. */
      readonly slotsTotal: number;
      readonly unrecoverable: readonly Gap[];
    }
  | {
      /** One archive day file handled: what it was, and the running totals a progress line shows (files/s, rows/s). */
      readonly type: 'archive-day';
      readonly taskId: string | null;
      readonly symbol: string;
      readonly day: string;
      readonly outcome: 'stored' | 'missing' | 'rejected' | 'failed';
      /** Why a file was rejected (`checksum-mismatch`, `disagrees-with-api`, ...) or a download failed. */
      readonly reason?: string;
      /** Data rows in the file. */
      readonly rows: number;
      readonly slotsWritten: number;
      readonly defectSlots: number;
      readonly conflicts: number;
      readonly filesDone: number;
      readonly filesTotal: number;
      readonly rowsDone: number;
      readonly slotsDone: number;
      readonly slotsTotal: number;
      readonly elapsedMs: number;
    }
  | {
      /** A day file differs from the one recorded (Binance re-uploaded it): new slots are added, changed values reported as conflicts. */
      readonly type: 'archive-reupload';
      readonly symbol: string;
      readonly day: string;
      readonly previous: ArchiveFile;
      readonly current: ArchiveFile;
    }
  | {
      /** A merge found stored slots with other values: the stored ones stay. */
      readonly type: 'conflicts';
      readonly symbol: string;
      readonly conflicts: readonly SlotConflict[];
    }
  | { readonly type: 'archive-state-failed'; readonly error: unknown }
  | {
      readonly type: 'backfill-progress';
      readonly taskId: string | null;
      readonly symbol: string;
      readonly range: TimeRange;
      readonly slotsDone: number;
      readonly slotsTotal: number;
      readonly requests: number;
      readonly windowsDone: number;
      readonly windowsTotal: number;
      readonly requestsPerMinute: number;
    }
  | {
      readonly type: 'history-unavailable';
      readonly symbol: string;
      readonly range: TimeRange;
      readonly slots: number;
      readonly reason: 'beyond-retention' | 'before-listing' | 'not-served' | 'precision-exceeded';
    }
  | {
      readonly type: 'backfill-window-failed';
      readonly symbol: string;
      readonly range: TimeRange;
      readonly reason: string;
      readonly error: unknown;
    }
  | {
      readonly type: 'backfill-done';
      readonly taskId: string | null;
      readonly requests: number;
      readonly slotsWritten: number;
      readonly slotsTotal: number;
      /** Slots written from each source. */
      readonly slotsWrittenBySource: { readonly api: number; readonly archive: number };
      /** Archive day files used, and their data rows. */
      readonly archiveFiles: number;
      readonly archiveRows: number;
      readonly failedSymbols: readonly string[];
      readonly durationMs: number;
      readonly interrupted: boolean;
      /** Whether expected slots are still missing. */
      readonly gapsRemain: boolean;
    }
  | { readonly type: 'patrol-start'; readonly round: number; readonly range: TimeRange }
  | {
      readonly type: 'patrol-done';
      readonly round: number;
      readonly gapSlots: number;
      readonly slotsWritten: number;
      readonly requests: number;
      readonly durationMs: number;
      readonly interrupted: boolean;
    }
  | {
      readonly type: 'collector-start';
      readonly taskId: string;
      readonly symbols: readonly string[];
      readonly historyOnly: boolean;
    }
  | {
      readonly type: 'collector-stop';
      readonly taskId: string;
      readonly reason: 'duration' | 'signal';
      readonly ticks: number;
      readonly patrolRounds: number;
    }
  | { readonly type: 'batch-summary-failed'; readonly error: unknown }
  | JournalSavedEvent;

/** Receives engine events. */
export type CollectorEventHandler = (event: CollectorEvent) => void;
