import { describe, expect, it } from 'vitest';
import {
  COVERAGE_SWATCHES,
  contrastRatio,
  coverageLevel,
  GAP_SWATCHES,
  LINE_COLORS,
  PAGE,
  SOURCE_SWATCHES,
} from './palette.ts';

describe('contrastRatio', () => {
  it('matches the WCAG reference values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });
});

describe('the palette meets WCAG AA', () => {
  it.each(Object.entries({ ...COVERAGE_SWATCHES, ...SOURCE_SWATCHES, ...GAP_SWATCHES }))(
    '%s: text and glyphs on the fill reach 4.5:1',
    (_name, swatch) => {
      expect(contrastRatio(swatch.background, swatch.foreground)).toBeGreaterThanOrEqual(4.5);
    },
  );

  it.each(Object.entries({ text: PAGE.text, muted: PAGE.muted, link: PAGE.link }))(
    '%s text on the page reaches 4.5:1',
    (_name, color) => {
      expect(contrastRatio(color, PAGE.background)).toBeGreaterThanOrEqual(4.5);
    },
  );

  it.each(Object.entries(LINE_COLORS))(
    'chart line %s reaches 3:1 on the page (a graphic)',
    (_name, color) => {
      expect(contrastRatio(color, PAGE.background)).toBeGreaterThanOrEqual(3);
    },
  );
});

describe('coverageLevel', () => {
  it.each([
    [0, 0, 'none'],
    [0, 288, 'empty'],
    [1, 288, 'low'],
    [144, 288, 'half'],
    [260, 288, 'most'],
    [1430, 1440, 'nearly'],
    [280, 288, 'most'],
    [288, 288, 'full'],
  ])('%i of %i slots: %s', (present, expected, level) => {
    expect(coverageLevel(present, expected)).toBe(level);
  });
});
