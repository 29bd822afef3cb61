import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { WriteStream } from 'node:fs';
import { lstat, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { OiError } from '@oi/errors';
import { UsageError } from '../errors/exit-error.ts';

/** The system refused to write `--out` (a missing folder, a full disk): exit 1, the path and the code named. */
export class OutputWriteError extends OiError {
  /** The output file. */
  readonly path: string;
  constructor(path: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    super('OUTPUT_WRITE_FAILED', `cannot write ${path}: ${code ?? String(cause)}`, { cause });
    this.path = path;
  }
}

/** A file being written under a temporary name beside its target, renamed into place only when whole. */
export interface OutputFile {
  /** Where the bytes go until {@link OutputFile.commit}. */
  readonly stream: WriteStream;
  /** Rejects on the first write error of the stream (a full disk), so a writer never waits for `drain` in vain. */
  readonly failed: Promise<never>;
  /** Ends the stream and renames the file over the target. */
  commit(): Promise<void>;
  /** Drops the partial file; the target stays as it was. Safe to call more than once. */
  discard(): Promise<void>;
}

/**
 * Opens a hidden temporary file beside `target` (created exclusively, so an existing name, or a link
 * put there, is never written through) and returns its stream. The target (checked with
 * `checkOutputTarget`) is only replaced by `commit`; a failed or stopped command calls `discard`, and
 * a reader never sees half a file.
 */
export async function openOutputFile(target: string): Promise<OutputFile> {
  const temporary = join(
    dirname(target),
    `.${basename(target)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  const handle = await open(temporary, 'wx', 0o644).catch((error: unknown) => {
    throw new OutputWriteError(target, error);
  });
  const stream = handle.createWriteStream();
  const failed = new Promise<never>((_, reject) => {
    stream.once('error', (error) => reject(new OutputWriteError(target, error)));
  });
  failed.catch(() => undefined);
  let settled = false;
  const discard = async (): Promise<void> => {
    if (settled) return;
    settled = true;
    stream.destroy();
    await rm(temporary, { force: true });
  };
  return {
    stream,
    failed,
    discard,
    async commit() {
      stream.end();
      await Promise.race([once(stream, 'close'), failed]);
      // The target was checked before the export began; it must not have become something else since.
      const now = await lstat(target).catch(() => undefined);
      if (now !== undefined && !now.isFile()) {
        await discard();
        throw new UsageError(`invalid --out: ${target} is no longer a regular file; nothing was replaced`);
      }
      await rename(temporary, target).catch(async (error: unknown) => {
        await discard();
        throw new OutputWriteError(target, error);
      });
      settled = true;
    },
  };
}
