/** How many items of a long list an error line names before it says how many more there are. */
export const LISTED_ITEMS = 5;

/**
 * `a, b, c` for a short list; the first {@link LISTED_ITEMS} and a count for a long one
 * (`A, B, C, D, E and 9995 more`), so that one line stays one line whatever the user typed.
 */
export function listFirst(items: readonly string[], shown = LISTED_ITEMS): string {
  if (items.length <= shown) return items.join(', ');
  return `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}
