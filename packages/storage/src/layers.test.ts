import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The folders of src/ form layers: a source file may import from its own folder and from the
// folders listed for it, never from a folder above it. No file in a folder (tests and test-support
// included) imports a file at src/ itself: test support reaches the public API as `@oi/storage`.
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  model: [],
  format: ['model'],
  fs: ['model'],
  write: ['model', 'format', 'fs'],
  coverage: ['model', 'format', 'fs'],
  read: ['model', 'format', 'fs', 'coverage'],
  export: ['model', 'format', 'fs'],
  maintain: ['model', 'format', 'fs', 'read', 'write'],
};

const SRC = dirname(fileURLToPath(import.meta.url));
const IMPORT_PATTERN = /(?:from|import)\s*\(?\s*'(\.[^']+)'/g;

function tsFiles(folder: string): string[] {
  return readdirSync(join(SRC, folder), { recursive: true, encoding: 'utf8' }).filter((name) =>
    name.endsWith('.ts'),
  );
}

function sourceFiles(folder: string): string[] {
  return tsFiles(folder).filter((name) => !name.endsWith('.test.ts'));
}

function importsOf(folder: string, file: string): { file: string; target: string }[] {
  const text = readFileSync(join(SRC, folder, file), 'utf8');
  return [...text.matchAll(IMPORT_PATTERN)].map((match) => ({
    file: `${folder}/${file}`,
    target: relative(SRC, join(SRC, folder, dirname(file), match[1] as string)),
  }));
}

describe('folder layers', () => {
  it('lists every folder of src/', () => {
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'test-support')
      .map((entry) => entry.name)
      .sort();
    expect(folders).toEqual(Object.keys(MAY_IMPORT).sort());
  });

  it.each(Object.keys(MAY_IMPORT))('%s/ imports only from itself and the layers below it', (folder) => {
    const allowed = new Set([folder, ...(MAY_IMPORT[folder] ?? [])]);
    const violations = sourceFiles(folder)
      .flatMap((file) => importsOf(folder, file))
      .filter(({ target }) => {
        const parts = target.split(sep);
        return parts.length < 2 || !allowed.has(parts[0] as string);
      });
    expect(violations).toEqual([]);
  });

  it.each([...Object.keys(MAY_IMPORT), 'test-support'])(
    'no file in %s/ imports a file at src/ itself',
    (folder) => {
      const upward = tsFiles(folder)
        .flatMap((file) => importsOf(folder, file))
        .filter(({ target }) => !target.includes(sep));
      expect(upward).toEqual([]);
    },
  );
});
