import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the Docker build context and the compose project directory. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** A file of the repository as text. */
export function readRepoFile(path: string): string {
  return readFileSync(join(repoRoot, path), 'utf8');
}
