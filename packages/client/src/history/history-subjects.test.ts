import { describe, expect, it } from 'vitest';
import { InvalidSymbolError } from '../market/invalid-symbol-error.ts';
import { historySubjectsOf, splitBySubjects } from './history-subjects.ts';

const SLOT = 300_000;
const HOUR = 3_600_000;
const NEXT_FROM = Date.parse('2026-06-26T08:00:00Z');
const CURRENT_FROM = Date.parse('2026-09-25T08:00:00Z');
const DELIVERY = Date.parse('2026-12-25T08:00:00Z');

describe('historySubjectsOf', () => {
  it('asks USDⓈ-M by symbol for all time', () => {
    expect(historySubjectsOf('um', 'BTCUSDT')).toEqual([
      { range: { startMs: -Infinity, endMs: Infinity }, params: { symbol: 'BTCUSDT' } },
    ]);
  });

  it('asks COIN-M by pair and the roles the contract holds, never by symbol', () => {
    expect(historySubjectsOf('cm', 'BTCUSD_PERP')).toEqual([
      {
        range: { startMs: -Infinity, endMs: Infinity },
        params: { pair: 'BTCUSD', contractType: 'PERPETUAL' },
      },
    ]);
    expect(historySubjectsOf('cm', 'BTCUSD_261225').map((subject) => subject.params)).toEqual([
      { pair: 'BTCUSD', contractType: 'NEXT_QUARTER' },
      { pair: 'BTCUSD', contractType: 'CURRENT_QUARTER' },
    ]);
  });

  it('refuses a symbol that names no COIN-M contract, before any request', () => {
    expect(() => historySubjectsOf('cm', 'BTCUSDT')).toThrow(InvalidSymbolError);
    expect(() => historySubjectsOf('cm', 'BTCUSD_261224')).toThrow(/no quarterly delivery/);
    let refused: unknown;
    try {
      historySubjectsOf('cm', 'BTCUSD');
    } catch (error) {
      refused = error;
    }
    expect(refused).toMatchObject({ code: 'INVALID_SYMBOL', symbol: 'BTCUSD' });
  });
});

describe('splitBySubjects', () => {
  const subjects = historySubjectsOf('cm', 'BTCUSD_261225');

  it('cuts at a role change, the slot at the change going to the role that starts there', () => {
    const range = { startMs: CURRENT_FROM - HOUR, endMs: CURRENT_FROM + HOUR };
    const pieces = splitBySubjects(range, subjects, SLOT);
    expect(pieces.map((piece) => [piece.range, piece.subject?.params['contractType']])).toEqual([
      [{ startMs: CURRENT_FROM - HOUR, endMs: CURRENT_FROM }, 'NEXT_QUARTER'],
      [{ startMs: CURRENT_FROM, endMs: CURRENT_FROM + HOUR }, 'CURRENT_QUARTER'],
    ]);
  });

  it('leaves the parts before the listing and after the delivery without a subject', () => {
    const range = { startMs: NEXT_FROM - HOUR, endMs: DELIVERY + HOUR };
    const pieces = splitBySubjects(range, subjects, SLOT);
    expect(pieces.map((piece) => [piece.range, piece.subject?.params['contractType']])).toEqual([
      [{ startMs: NEXT_FROM - HOUR, endMs: NEXT_FROM }, undefined],
      [{ startMs: NEXT_FROM, endMs: CURRENT_FROM }, 'NEXT_QUARTER'],
      [{ startMs: CURRENT_FROM, endMs: DELIVERY }, 'CURRENT_QUARTER'],
      [{ startMs: DELIVERY, endMs: DELIVERY + HOUR }, undefined],
    ]);
  });

  it('moves a boundary off the period grid up to the next slot', () => {
    const day = 86_400_000;
    const startMs = Date.parse('2026-09-20T00:00:00Z');
    const pieces = splitBySubjects({ startMs, endMs: startMs + 10 * day }, subjects, day);
    // 08:00 on 09-25 is no daily slot: 09-25 00:00 is still NEXT_QUARTER's, 09-26 00:00 the first CURRENT one.
    expect(pieces[0]?.range.endMs).toBe(Date.parse('2026-09-26T00:00:00Z'));
    expect(pieces[1]?.range.startMs).toBe(Date.parse('2026-09-26T00:00:00Z'));
  });

  it('keeps a range inside one subject whole', () => {
    const range = { startMs: CURRENT_FROM + HOUR, endMs: CURRENT_FROM + 2 * HOUR };
    expect(splitBySubjects(range, subjects, SLOT)).toEqual([{ range, subject: subjects[1] }]);
  });
});
