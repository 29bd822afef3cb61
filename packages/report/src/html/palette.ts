/** A colour as `#rrggbb`. */
export type HexColor = `#${string}`;

/** A filled mark and the colour of text or a glyph drawn on it. */
export interface Swatch {
  /** The fill. */
  readonly background: HexColor;
  /** Text or glyph on the fill. */
  readonly foreground: HexColor;
}

/** Page colours: text and muted text on the page background. */
export const PAGE = {
  background: '#ffffff',
  text: '#1b1f24',
  muted: '#4d5661',
  rule: '#d0d7de',
  link: '#0a58a8',
} as const satisfies Record<string, HexColor>;

/** A coverage level of a map cell, from "nothing expected" to "every slot stored". */
export type CoverageLevel = 'none' | 'empty' | 'low' | 'half' | 'most' | 'nearly' | 'full';

/**
 * Map cells by coverage: ColorBrewer's RdYlBu (distinguishable with the common colour-vision
 * deficiencies), darker blue for more coverage. Colour is never the only signal: cells with lost
 * slots also carry a cross and cells with fillable slots a hatch.
 */
export const COVERAGE_SWATCHES: Readonly<Record<CoverageLevel, Swatch>> = {
  none: { background: '#eef1f4', foreground: '#4d5661' },
  empty: { background: '#b2182b', foreground: '#ffffff' },
  low: { background: '#f46d43', foreground: '#1b1f24' },
  half: { background: '#fdae61', foreground: '#1b1f24' },
  most: { background: '#abd9e9', foreground: '#1b1f24' },
  nearly: { background: '#4f8fc4', foreground: '#1b1f24' },
  full: { background: '#1f4e8c', foreground: '#ffffff' },
};

/** The lower bound in percent of each level that has slots (`none` means nothing was expected). */
const COVERAGE_THRESHOLDS: readonly (readonly [Exclude<CoverageLevel, 'none'>, number])[] = [
  ['full', 100],
  ['nearly', 99],
  ['most', 90],
  ['half', 50],
  ['low', Number.MIN_VALUE],
  ['empty', 0],
];

/** The level of a cell with `present` of `expected` slots stored. */
export function coverageLevel(present: number, expected: number): CoverageLevel {
  if (expected <= 0) return 'none';
  const percent = (100 * present) / expected;
  for (const [level, threshold] of COVERAGE_THRESHOLDS) if (percent >= threshold) return level;
  return 'empty';
}

/** Chart lines on the page background: OI solid, OI value dashed, the 1m series in other hues. */
export const LINE_COLORS = {
  openInterest5m: '#1f4e9c',
  openInterestValue5m: '#a3480a',
  openInterest1m: '#0f6b63',
  openInterestValue1m: '#7a3aaf',
} as const satisfies Record<string, HexColor>;

/** Source bands of a chart, each labelled in white. */
export const SOURCE_SWATCHES: Readonly<Record<string, Swatch>> = {
  archive: { background: '#5e3a8c', foreground: '#ffffff' },
  api: { background: '#1b6e37', foreground: '#ffffff' },
  live: { background: '#9a4a05', foreground: '#ffffff' },
  mixed: { background: '#3b4048', foreground: '#ffffff' },
  unknown: { background: '#5a636e', foreground: '#ffffff' },
};

/** Gaps in a series' band above its chart, labelled `lost` or `fillable`. */
export const GAP_SWATCHES = {
  lost: { background: '#b2182b', foreground: '#ffffff' },
  fillable: { background: '#fdae61', foreground: '#1b1f24' },
} as const satisfies Record<string, Swatch>;

/** Gap shading of a chart where no series has rows: lost gaps hatched, fillable ones flat. */
export const GAP_SHADES = {
  lostFill: 'rgba(178, 24, 43, 0.14)',
  lostHatch: '#b2182b',
  fillableFill: 'rgba(253, 174, 97, 0.35)',
} as const;

function channel(hex: string, offset: number): number {
  const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
  return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of `#rrggbb`. */
export function relativeLuminance(hex: HexColor): number {
  return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5);
}

/** WCAG contrast ratio of two colours, from 1 to 21. */
export function contrastRatio(a: HexColor, b: HexColor): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [
    number,
    number,
  ];
  return (light + 0.05) / (dark + 0.05);
}
