/** What is wrong with a line (or the whole file when `line` is 0) of a day file. */
export type FileIssueKind =
  | 'partial-line'
  | 'bad-header'
  | 'unknown-header'
  | 'malformed-row'
  | 'bad-value'
  | 'off-grid'
  | 'wrong-day'
  | 'duplicate-slot'
  | 'unsorted'
  | 'datetime-mismatch'
  | 'bad-file-name';

/** One problem found in a day file; `line` is 1-based (the header is line 1), 0 for the file as a whole. */
export interface FileIssue {
  readonly path: string;
  readonly line: number;
  readonly kind: FileIssueKind;
  readonly message: string;
}

/** A FileIssue before the caller knows the file's path. */
export type LineIssue = Omit<FileIssue, 'path'>;
