import { describe, expect, it } from 'vitest';
import { describeDriverError, scrubSecrets } from './driver-failure.ts';

describe('scrubSecrets', () => {
  it.each([
    [
      "Access denied for user 'oi'@'10.0.0.1' (using password: YES)",
      ['oi', 'pw'],
      "Access denied for user '***'@'10.0.0.1' (using password: YES)",
    ],
    [
      'password authentication failed for user "oi"',
      ['oi', 'x'],
      'password authentication failed for user "***"',
    ],
    ['the point is oil', ['oi'], 'the point is oil'],
    ['secret p@ss! leaked', ['p@ss!'], 'secret *** leaked'],
    ['nothing to hide', ['', ''], 'nothing to hide'],
  ])('%s', (text, secrets, scrubbed) => {
    expect(scrubSecrets(text, secrets)).toBe(scrubbed);
  });
});

describe('describeDriverError', () => {
  it('takes the code and message of the first inner error of an AggregateError', () => {
    const inner = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(describeDriverError(new AggregateError([inner], ''), [])).toEqual({
      driverCode: 'ECONNREFUSED',
      driverMessage: 'connect ECONNREFUSED 127.0.0.1:1',
    });
  });

  it('keeps a numeric code as text', () => {
    expect(describeDriverError(Object.assign(new Error('boom'), { code: 1045 }), [])).toEqual({
      driverCode: '1045',
      driverMessage: 'boom',
    });
  });
});
