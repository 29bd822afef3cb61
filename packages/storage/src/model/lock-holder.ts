/** Who holds a data directory's writer lock. */
export interface LockHolder {
  /** Process id of the writer. */
  readonly pid: number;
  /** Host name of the machine the writer runs on. */
  readonly host: string;
  /** When the writer took the lock, epoch ms. */
  readonly sinceMs: number;
}
