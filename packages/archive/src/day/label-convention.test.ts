import { describe, expect, it } from 'vitest';
import {
  decideLabelConvention,
  expectedLabelConvention,
  type LabelConvention,
  labelToSlotMs,
  SLOT_MS,
} from './label-convention.ts';

const DAY_START_MS = Date.UTC(2024, 1, 16);

/** `hh:mm[:ss]` of the file's day, or of the next day with `+1 ` in front. */
function at(text: string): number {
  const match = /^(\+1 )?(\d\d):(\d\d)(?::(\d\d))?$/.exec(text);
  if (match === null) throw new Error(`bad label ${text}`);
  const dayOffset = match[1] === undefined ? 0 : 1;
  return (
    DAY_START_MS +
    (((dayOffset * 24 + Number(match[2])) * 60 + Number(match[3])) * 60 + Number(match[4] ?? 0)) * 1000
  );
}

function every5Minutes(first: string, last: string): number[] {
  const labels: number[] = [];
  for (let labelMs = at(first); labelMs <= at(last); labelMs += SLOT_MS) labels.push(labelMs);
  return labels;
}

type Expected = LabelConvention | 'undecidable';

describe('decideLabelConvention', () => {
  it.each<[string, number[], LabelConvention | undefined, Expected, 'labels' | 'date-hint' | undefined]>([
    ['a full end-of-period day', every5Minutes('00:05', '+1 00:00'), undefined, 'end-of-period', 'labels'],
    ['a full start-of-period day', every5Minutes('00:00', '23:55'), undefined, 'start-of-period', 'labels'],
    [
      'end-of-period labels against the hint',
      every5Minutes('00:05', '+1 00:00'),
      'start-of-period',
      'end-of-period',
      'labels',
    ],
    [
      'start-of-period labels against the hint',
      every5Minutes('00:00', '23:55'),
      'end-of-period',
      'start-of-period',
      'labels',
    ],
    [
      '163 rows 00:05..13:35, hint end',
      every5Minutes('00:05', '13:35'),
      'end-of-period',
      'end-of-period',
      'date-hint',
    ],
    [
      '163 rows 00:05..13:35, hint start',
      every5Minutes('00:05', '13:35'),
      'start-of-period',
      'start-of-period',
      'date-hint',
    ],
    [
      'a partial day from 00:00',
      every5Minutes('00:00', '13:25'),
      'end-of-period',
      'start-of-period',
      'labels',
    ],
    [
      'a partial day up to the next 00:00',
      every5Minutes('13:35', '+1 00:00'),
      'start-of-period',
      'end-of-period',
      'labels',
    ],
    ['one row at 00:00', [at('00:00')], undefined, 'start-of-period', 'labels'],
    ['one row at the next 00:00', [at('+1 00:00')], undefined, 'end-of-period', 'labels'],
    ['rows out of order', [at('+1 00:00'), at('12:00'), at('00:05')], undefined, 'end-of-period', 'labels'],
    ['no labels, hint', [], 'start-of-period', 'start-of-period', 'date-hint'],
  ])('%s', (_name, labels, hint, expected, evidence) => {
    expect(decideLabelConvention(labels, DAY_START_MS, hint)).toEqual({
      kind: 'decided',
      convention: expected,
      evidence,
    });
  });

  it.each<[string, number[], LabelConvention | undefined]>([
    ['a partial day that fits both, no hint', every5Minutes('00:05', '13:35'), undefined],
    ['no labels, no hint', [], undefined],
    ['both 00:00 labels (a mix)', [at('00:00'), at('12:00'), at('+1 00:00')], 'end-of-period'],
    ['a whole 289-label day', every5Minutes('00:00', '+1 00:00'), 'end-of-period'],
    ['off the grid by minutes', [...every5Minutes('00:05', '12:00'), at('12:07')], 'end-of-period'],
    ['off the grid by seconds', [at('00:05:30')], 'end-of-period'],
    ['the previous day', [at('00:05') - 2 * SLOT_MS], 'start-of-period'],
    ['after the next 00:00', [at('+1 00:05')], 'end-of-period'],
    ['another day entirely', [at('12:00') + 3 * 86_400_000], 'end-of-period'],
  ])('undecidable: %s', (_name, labels, hint) => {
    expect(decideLabelConvention(labels, DAY_START_MS, hint).kind).toBe('undecidable');
  });
});

describe('labelToSlotMs', () => {
  it.each<[string, LabelConvention, string]>([
    ['00:05', 'end-of-period', '00:05'],
    ['+1 00:00', 'end-of-period', '+1 00:00'],
    ['00:00', 'start-of-period', '00:05'],
    ['23:55', 'start-of-period', '+1 00:00'],
    ['13:30', 'start-of-period', '13:35'],
  ])('%s under %s is the snapshot at %s', (label, convention, slot) => {
    expect(labelToSlotMs(at(label), convention)).toBe(at(slot));
  });

  it('maps both conventions of one day onto the same 288 slots', () => {
    const fromEnd = every5Minutes('00:05', '+1 00:00').map((label) => labelToSlotMs(label, 'end-of-period'));
    const fromStart = every5Minutes('00:00', '23:55').map((label) => labelToSlotMs(label, 'start-of-period'));
    expect(fromEnd).toHaveLength(288);
    expect(fromStart).toEqual(fromEnd);
  });
});

describe('expectedLabelConvention', () => {
  it.each<['um' | 'cm', string, LabelConvention]>([
    ['um', '2020-09-01', 'end-of-period'],
    ['um', '2026-06-24', 'end-of-period'],
    ['um', '2026-06-25', 'start-of-period'],
    ['um', '2027-01-01', 'start-of-period'],
    ['cm', '2021-01-01', 'start-of-period'],
    ['cm', '2026-06-24', 'start-of-period'],
  ])('%s %s -> %s', (market, day, expected) => {
    expect(expectedLabelConvention(market, day)).toBe(expected);
  });
});
