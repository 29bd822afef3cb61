import { describe, expect, it } from 'vitest';
import { StoppedError, UsageError } from './exit-error.ts';
import {
  asksForJson,
  failureObject,
  formatErrorLine,
  MAX_ERROR_LINE_CHARS,
  successJson,
} from './failure-output.ts';
import { listFirst } from './list-first.ts';

describe('the one error line', () => {
  it('masks credentials, joins lines and caps its length', () => {
    expect(formatErrorLine('cannot reach https://u:s3cret@h/x\n  (GET /y)')).toBe(
      'cannot reach https://u:***@h/x (GET /y)',
    );
    const long = formatErrorLine(`unknown symbols ${'ABCUSDT, '.repeat(10_000)}`);
    expect(long.length).toBeLessThan(MAX_ERROR_LINE_CHARS + 40);
    expect(long).toMatch(/\.\.\. \(\d+ more characters\)$/);
  });

  it('names the first few of a long list and how many more', () => {
    const symbols = Array.from({ length: 10_000 }, (_, index) => `S${index}USDT`);
    expect(listFirst(symbols)).toBe('S0USDT, S1USDT, S2USDT, S3USDT, S4USDT and 9995 more');
    expect(listFirst(['A', 'B'])).toBe('A, B');
  });
});

describe('--json', () => {
  it('is asked for by the words of the command line, up to --', () => {
    expect(asksForJson(['stats', '--json'])).toBe(true);
    expect(asksForJson(['--bogus', '--json=true'])).toBe(true);
    expect(asksForJson(['stats', '--json', '--no-json'])).toBe(false);
    expect(asksForJson(['stats', '--', '--json'])).toBe(false);
    expect(asksForJson(['stats'])).toBe(false);
  });

  it('prints ok: true with the result fields, and ok: false with the code and message', () => {
    expect(JSON.parse(successJson({ rows: 3 }))).toEqual({ ok: true, rows: 3 });
    expect(JSON.parse(successJson(['a']))).toEqual({ ok: true, result: ['a'] });
    expect(failureObject(new UsageError('bad'), 'bad', 2)).toEqual({
      ok: false,
      error: { code: 'USAGE', message: 'bad' },
      exitCode: 2,
    });
    expect(failureObject(new StoppedError('SIGTERM'), 'stopped', 143).error.code).toBe('STOPPED');
    const system = Object.assign(new Error('ENOSPC: no space left'), { code: 'ENOSPC' });
    expect(failureObject(system, system.message, 1).error.code).toBe('ENOSPC');
    expect(failureObject('boom', 'boom', 1).error).toEqual({ code: 'ERROR', message: 'boom' });
  });
});
