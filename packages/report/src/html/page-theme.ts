import { GAP_SHADES, GAP_SWATCHES, SOURCE_SWATCHES, type Swatch } from './palette.ts';

/** Colours the page script draws with, so the palette lives in one place. */
export interface PageTheme {
  readonly sourceColors: Readonly<Record<string, Swatch>>;
  readonly gapSwatches: typeof GAP_SWATCHES;
  readonly gapShades: typeof GAP_SHADES;
}

/** The theme embedded in every page. */
export const PAGE_THEME: PageTheme = {
  sourceColors: SOURCE_SWATCHES,
  gapSwatches: GAP_SWATCHES,
  gapShades: GAP_SHADES,
};
