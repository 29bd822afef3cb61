/** What identifies one published version of a day file, so that a re-upload can be noticed. */
export interface ArchiveFile {
  /** Path of the zip under the archive's base URL. */
  readonly path: string;
  /** Size of the zip, bytes. */
  readonly sizeBytes: number;
  /** Lower-case hex SHA-256 of the zip as downloaded. */
  readonly sha256: string;
  /** `ETag` header, when sent. */
  readonly etag?: string;
  /** `Last-Modified` header as sent (an HTTP-date), when sent. */
  readonly lastModified?: string;
}

/**
 * True when two records describe the same bytes at the same path: equal SHA-256 and size. ETag and Last-Modified
 * are kept for people and cheap checks, but only the content proves that nothing changed (a CDN may
 * change headers without a new upload, and an upload may keep a date).
 */
export function isSameFile(a: ArchiveFile, b: ArchiveFile): boolean {
  return a.path === b.path && a.sha256 === b.sha256 && a.sizeBytes === b.sizeBytes;
}
