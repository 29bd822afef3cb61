/** What a `.CHECKSUM` file says, or why it cannot be used. */
export type ChecksumFileResult =
  | { readonly kind: 'sha256'; readonly sha256: string }
  | { readonly kind: 'invalid'; readonly detail: string };

// `sha256sum` output: the digest, a space, then a space (text mode) or `*` (binary mode), the name.
const CHECKSUM_LINE = /^([0-9a-fA-F]{64}) [ *](.+)$/;

/**
 * Reads a `.CHECKSUM` file (`<64 hex>  <zip name>`, as `sha256sum -c` takes it) and returns the
 * lower-case digest. It must hold exactly one line and name `expectedFileName`: a digest of
 * another file verifies nothing.
 */
export function parseChecksumFile(text: string, expectedFileName: string): ChecksumFileResult {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length !== 1) {
    return { kind: 'invalid', detail: `expected one checksum line, found ${lines.length}` };
  }
  const match = CHECKSUM_LINE.exec(lines[0]!.trimEnd());
  if (match === null) return { kind: 'invalid', detail: 'not a sha256sum line' };
  if (match[2] !== expectedFileName) {
    return { kind: 'invalid', detail: `checksum names ${JSON.stringify(match[2])}, not ${expectedFileName}` };
  }
  return { kind: 'sha256', sha256: match[1]!.toLowerCase() };
}
