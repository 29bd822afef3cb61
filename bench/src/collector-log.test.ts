import { expect, it } from 'vitest';
import { parseCollectorLine } from './collector-log.ts';

it('reads tick and patrol lines of both markets, and nothing else', () => {
  expect(
    parseCollectorLine('2026-12-01T07:55:02.034Z info  tick 2026-12-01 07:55: 577 rows, 0 failed'),
  ).toEqual({
    type: 'tick',
    atMs: Date.parse('2026-12-01T07:55:02.034Z'),
    market: 'um',
    minuteMs: Date.parse('2026-12-01T07:55:00Z'),
    rows: 577,
    failed: 0,
  });
  expect(
    parseCollectorLine(
      '2026-12-01T07:55:00.799Z info  tick 2026-12-01 07:55: 51 rows, 2 failed (A,B) market=cm',
    ),
  ).toMatchObject({ type: 'tick', market: 'cm', rows: 51, failed: 2 });
  expect(
    parseCollectorLine(
      '2026-12-01T07:54:34.679Z info  patrol round 1: 440028 missing 5m slots, 440028 written, 51 requests market=cm',
    ),
  ).toEqual({
    type: 'patrol',
    atMs: Date.parse('2026-12-01T07:54:34.679Z'),
    market: 'cm',
    round: 1,
    interrupted: false,
  });
  expect(
    parseCollectorLine(
      '2026-12-01T07:54:34.679Z info  patrol round 2 interrupted: 0 missing 5m slots, 0 written, 0 requests',
    ),
  ).toMatchObject({ round: 2, interrupted: true, market: 'um' });
  expect(
    parseCollectorLine('2026-12-01T07:53:51.935Z info  collecting 51 symbols as task x market=cm'),
  ).toBeUndefined();
});
