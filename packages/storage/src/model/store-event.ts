import type { FileIssue } from './file-issue.ts';
import type { LockHolder } from './lock-holder.ts';
import type { Conflict } from './merge-result.ts';

/** What the store reports through `onEvent`; none of these stop a write. */
export type StoreEvent =
  /** An incoming value differed from the stored one; the stored value was kept. */
  | { readonly type: 'conflict'; readonly conflict: Conflict }
  /** A day file was repaired before a write; the removed lines went to `quarantinePath`. */
  | {
      readonly type: 'file-repaired';
      readonly path: string;
      readonly quarantinePath: string;
      readonly quarantinedLines: number;
      readonly issues: readonly FileIssue[];
    }
  /**
   * A day file whose header is not one this store writes or reads was moved, byte for byte, to
   * `quarantinePath` before the day was written afresh.
   */
  | {
      readonly type: 'file-quarantined';
      readonly path: string;
      readonly quarantinePath: string;
      readonly bytes: number;
    }
  /** A lock left by a writer that is gone was removed before taking the lock. */
  | { readonly type: 'stale-lock-removed'; readonly lockPath: string; readonly holder: LockHolder }
  /** A temporary file left by a crashed writer was deleted. */
  | { readonly type: 'temp-file-removed'; readonly path: string };
