import type { OiPoint } from '@oi/storage';
import { describe, expect, it } from 'vitest';
import { InvalidReportOptionsError } from '../errors.ts';
import { renderTerminalChart } from './render-terminal-chart.ts';

const D1 = Date.UTC(2026, 10, 1);
const HOUR = 3_600_000;
const points = (values: readonly (number | null)[]): OiPoint[] =>
  values.flatMap((value, index) =>
    value === null ? [] : [{ slotMs: D1 + index * HOUR, openInterest: String(value), openInterestValue: '' }],
  );

describe('renderTerminalChart', () => {
  it.each([
    {
      name: 'a rise, a gap and a fall, one column per hour',
      values: [1, 1, 2, 3, null, 3, 2, 1],
      chart: [
        '3 ┤   ╭ ─╮',
        '2 ┤  ╭╯  ╰╮',
        '1 ┤──╯    ╰',
        '  └────×───×',
        '  2026-11-01 00:00 2026-11-01 09:00 UTC',
      ],
    },
    {
      name: 'a flat line sits in the middle',
      values: [5, 5, 5, 5, 5, 5, 5, 5, 5],
      chart: ['5 ┤', '5 ┤─────────', '5 ┤', '  └─────────', '  2026-11-01 00:00 2026-11-01 09:00 UTC'],
    },
  ])('$name', ({ values, chart }) => {
    const range = { startMs: D1, endMs: D1 + 9 * HOUR };
    const rendered = renderTerminalChart(points(values), { width: 12, height: 3, range });
    expect(rendered.split('\n').map((line) => line.trimEnd())).toEqual(chart);
  });

  it('says so when no value lies in the range', () => {
    expect(renderTerminalChart([])).toBe('no values to chart');
    expect(renderTerminalChart(points([1, 2]), { field: 'openInterestValue' })).toBe('no values to chart');
  });

  it('refuses a size that leaves no plot', () => {
    expect(() => renderTerminalChart(points([1, 2]), { width: 9 })).toThrow(InvalidReportOptionsError);
    expect(() => renderTerminalChart(points([1, 2]), { height: 1 })).toThrow(InvalidReportOptionsError);
  });
});
