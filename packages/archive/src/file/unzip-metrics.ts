import { unzipSync } from 'fflate';

/** The one CSV inside a day zip, decoded, or why the zip is not usable. */
export type UnzipResult =
  | { readonly kind: 'csv'; readonly text: string }
  | { readonly kind: 'invalid'; readonly detail: string };

/**
 * Unzips a daily metrics zip, which must hold exactly one file, `expectedCsvName` (the zip's own
 * name with `.csv`), in UTF-8. A zip naming another day or symbol is not this day's data.
 */
export function unzipMetrics(zip: Uint8Array, expectedCsvName: string): UnzipResult {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch (error) {
    return {
      kind: 'invalid',
      detail: `not a readable zip (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  const names = Object.keys(entries).filter((name) => !name.endsWith('/'));
  if (names.length !== 1 || names[0] !== expectedCsvName) {
    return { kind: 'invalid', detail: `expected only ${expectedCsvName}, found ${JSON.stringify(names)}` };
  }
  try {
    return { kind: 'csv', text: new TextDecoder('utf-8', { fatal: true }).decode(entries[expectedCsvName]) };
  } catch {
    return { kind: 'invalid', detail: `${expectedCsvName} is not UTF-8 text` };
  }
}
