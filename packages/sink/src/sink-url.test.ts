import { hasErrorCode } from '@oi/errors';
import { describe, expect, it } from 'vitest';
import { maskSinkUrl, parseSinkUrl } from './sink-url.ts';

describe('parseSinkUrl', () => {
  it.each([
    [
      'mysql://oi:s3cret@db.example:3307/oi_data',
      {
        kind: 'mysql',
        host: 'db.example',
        port: 3307,
        user: 'oi',
        password: 's3cret',
        database: 'oi_data',
        ssl: false,
      },
    ],
    [
      'mysql://root@localhost/oi',
      {
        kind: 'mysql',
        host: 'localhost',
        port: 3306,
        user: 'root',
        password: '',
        database: 'oi',
        ssl: false,
      },
    ],
    [
      'postgres://oi:p%40ss%2Fword@[::1]/oi?ssl=true',
      {
        kind: 'postgres',
        host: '::1',
        port: 5432,
        user: 'oi',
        password: 'p@ss/word',
        database: 'oi',
        ssl: true,
      },
    ],
    [
      'postgresql://u:p@tidb.internal:4000/x',
      {
        kind: 'postgres',
        host: 'tidb.internal',
        port: 4000,
        user: 'u',
        password: 'p',
        database: 'x',
        ssl: false,
      },
    ],
  ])('%s', (url, expected) => {
    expect(parseSinkUrl(url)).toEqual({ ...expected, displayUrl: maskSinkUrl(url) });
  });

  it.each([
    ['not a url at all', 'not a URL'],
    ['http://u:hunter22@host/db', 'expected the scheme'],
    ['mysql://u:hunter22@host/', 'expected a database name'],
    ['mysql://u:hunter22@host/db/extra', 'expected a database name'],
    ['mysql://u:hunter22@host/db?sslmode=require', 'unknown option sslmode=require'],
    ['mysql://u:hunter22@host/db#frag', 'fragment'],
  ])('refuses %s, without showing the password', (url, problem) => {
    const error = (() => {
      try {
        parseSinkUrl(url);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(hasErrorCode(error, 'SINK_URL_INVALID')).toBe(true);
    expect(String(error)).toContain(problem);
    expect(String(error)).not.toContain('hunter22');
  });
});

describe('maskSinkUrl', () => {
  it.each([
    ['mysql://oi:s3cret@db:3306/oi', 'mysql://***:***@db:3306/oi'],
    ['postgres://oi@db/oi', 'postgres://***@db/oi'],
    ['postgres://db/oi', 'postgres://db/oi'],
    ['mysql://u:p@ss/w@rd@db/oi', 'mysql://***:***@db/oi'],
    ['garbage', 'garbage'],
  ])('%s shows as %s', (url, masked) => {
    expect(maskSinkUrl(url)).toBe(masked);
  });
});
