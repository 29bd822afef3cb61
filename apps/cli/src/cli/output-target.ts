import type { Stats } from 'node:fs';
import { lstat, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors/exit-error.ts';

// `--out` of any command that writes a file (export, report): the file is written under a temporary
// name and renamed over the target, so the target must be something a rename may replace. A rename
// over a device node, FIFO or socket would swap a system file for a regular one; over a day file it
// would destroy stored data.

/** Options of {@link checkOutputTarget}. */
export interface OutputTargetOptions {
  /** The data directory: nothing inside it is ever an output. */
  readonly dataDir: string;
  /** The flag named in the error line. @default '--out' */
  readonly flag?: string;
  /** The output is a folder (a partitioned dataset): an existing directory is then what it may be. */
  readonly folder?: boolean;
}

function describeKind(stats: Stats, folder: boolean): string | undefined {
  if (folder ? stats.isDirectory() : stats.isFile()) return undefined;
  if (stats.isFile()) return 'a regular file';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

async function statOrUndefined(path: string, follow: boolean): Promise<Stats | undefined> {
  try {
    return follow ? await stat(path) : await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a file stands where a folder should be; the write itself will say so.
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** `path` with its links resolved as far as it exists; the part that does not exist yet is kept. */
async function resolveExisting(path: string): Promise<string> {
  let missing = '';
  let current = path;
  for (;;) {
    try {
      return join(await realpath(current), missing);
    } catch {
      const parent = dirname(current);
      if (parent === current) return path;
      missing = join(basename(current), missing);
      current = parent;
    }
  }
}

function isInside(directory: string, path: string): boolean {
  const fromDirectory = relative(directory, path);
  const outside = fromDirectory === '..' || fromDirectory.startsWith(`..${sep}`) || isAbsolute(fromDirectory);
  return !outside;
}

/**
 * Checks an output path before anything is read or written, and returns the path to replace: a new
 * path, or an existing regular file (a symbolic link to one stands for the file it names, which is
 * then replaced and the link kept). A directory, device node, FIFO or socket, a link to one of these
 * or to nothing, and any path inside the data directory are a UsageError (exit 2). With `folder`,
 * an existing directory (or a link to one) is the accepted kind instead of a regular file.
 */
export async function checkOutputTarget(path: string, options: OutputTargetOptions): Promise<string> {
  const flag = options.flag ?? '--out';
  const absolute = resolve(path);
  const folder = options.folder ?? false;
  const expected = folder ? 'a folder or a new path' : 'a regular file or a new path';
  const refuse = (found: string): never => {
    throw new UsageError(`invalid ${flag}: expected ${expected}, found ${found}`);
  };
  const entry = await statOrUndefined(absolute, false);
  let target = absolute;
  if (entry?.isSymbolicLink() === true) {
    const linked = await statOrUndefined(absolute, true);
    if (linked === undefined) refuse(`a symbolic link to nothing at ${absolute}`);
    const kind = describeKind(linked as Stats, folder);
    if (kind !== undefined) refuse(`a symbolic link to ${kind} at ${absolute}`);
    target = await realpath(absolute);
  } else if (entry !== undefined) {
    const kind = describeKind(entry, folder);
    if (kind !== undefined) refuse(`${kind} at ${absolute}`);
  }
  const dataDir = resolve(options.dataDir);
  const [realDataDir, realTarget] = await Promise.all([resolveExisting(dataDir), resolveExisting(target)]);
  if (isInside(realDataDir, realTarget) || isInside(dataDir, absolute)) {
    throw new UsageError(
      `invalid ${flag}: expected a path outside the data directory ${dataDir}, found ${absolute}`,
    );
  }
  return target;
}
