import { isOiError } from '@oi/errors';
import { CannotCreateDirectoryError, DiskWriteError, UnsafeEntryError } from '../model/errors.ts';

const SYSTEM_CODE = /^E[A-Z0-9]+$/;

/**
 * What a failed write for `path` is reported as: a refusal of the system (an error with a code such
 * as EACCES, EROFS, ENOSPC or EIO, or a folder that could not be made on the way) becomes a
 * DiskWriteError naming `path`; ELOOP, from opening with O_NOFOLLOW, means `path` is a symbolic link
 * (UnsafeEntryError); the package's other errors pass unchanged.
 */
export function asDiskWriteError(path: string, error: unknown): unknown {
  if (error instanceof CannotCreateDirectoryError) {
    return new DiskWriteError(error.failedPath, error.systemCode, { cause: error });
  }
  if (isOiError(error)) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ELOOP') return new UnsafeEntryError(path, 'symlink');
  if (typeof code === 'string' && SYSTEM_CODE.test(code))
    return new DiskWriteError(path, code, { cause: error });
  return error;
}
