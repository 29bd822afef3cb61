import { describe, expect, it } from 'vitest';
import { hasErrorCode, isOiError, OiError } from './index.ts';

class DiskFullError extends OiError {
  constructor(path: string, cause: unknown) {
    super('DISK_FULL', `no space left writing ${path}`, { cause });
  }
}

describe('OiError', () => {
  it('carries a stable code, the subclass name and the cause', () => {
    const cause = new Error('ENOSPC');
    const error = new DiskFullError('/data/x.csv', cause);
    expect(error.code).toBe('DISK_FULL');
    expect(error.name).toBe('DiskFullError');
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('no space left writing /data/x.csv');
    expect(error).toBeInstanceOf(Error);
  });

  it.each([
    [new DiskFullError('a', undefined), 'DISK_FULL', true, true],
    [new DiskFullError('a', undefined), 'OTHER', true, false],
    [new OiError('USAGE', 'bad flag'), 'USAGE', true, true],
    [Object.assign(new Error('look-alike'), { code: 'USAGE' }), 'USAGE', false, false],
    ['USAGE', 'USAGE', false, false],
  ])('isOiError / hasErrorCode(%s, %s)', (value, code, isOi, hasCode) => {
    expect(isOiError(value)).toBe(isOi);
    expect(hasErrorCode(value, code)).toBe(hasCode);
  });
});
