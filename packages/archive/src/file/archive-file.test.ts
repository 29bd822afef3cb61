import { describe, expect, it } from 'vitest';
import { type ArchiveFile, isSameFile } from './archive-file.ts';

const FILE: ArchiveFile = {
  path: '/data/futures/um/daily/metrics/BTCUSDT/BTCUSDT-metrics-2024-02-16.zip',
  sizeBytes: 9000,
  sha256: 'a'.repeat(64),
  etag: '"x"',
  lastModified: 'Sat, 17 Feb 2024 08:12:45 GMT',
};

describe('isSameFile', () => {
  it.each<[string, ArchiveFile, boolean]>([
    ['the same record', FILE, true],
    [
      'new headers over the same bytes',
      { ...FILE, etag: '"y"', lastModified: 'Sun, 18 Feb 2024 00:00:00 GMT' },
      true,
    ],
    [
      'no headers over the same bytes',
      { path: FILE.path, sizeBytes: FILE.sizeBytes, sha256: FILE.sha256 },
      true,
    ],
    ['a re-upload', { ...FILE, sha256: 'b'.repeat(64), sizeBytes: 9100 }, false],
    ['another digest, same size and headers', { ...FILE, sha256: 'b'.repeat(64) }, false],
    ['another size', { ...FILE, sizeBytes: 9001 }, false],
    ['another day', { ...FILE, path: FILE.path.replace('02-16', '02-17') }, false],
  ])('%s -> %s', (_name, other, expected) => {
    expect(isSameFile(FILE, other)).toBe(expected);
    expect(isSameFile(other, FILE)).toBe(expected);
  });
});
