import type { RejectedLine } from '../format/parse-day-file.ts';
import { quarantinePath } from '../fs/data-dir-layout.ts';
import { appendLinesDurably } from '../fs/durable-write.ts';

/**
 * Appends the rejected lines of `dayFile` to `<dayFile>.quarantine`, byte for byte, one per line,
 * durably, before the day file is rewritten without them. Blank lines carry nothing and are skipped.
 * Returns how many lines were written.
 */
export async function quarantineLines(dayFile: string, rejected: readonly RejectedLine[]): Promise<number> {
  const kept = rejected.filter((line) => line.text.trim() !== '');
  if (kept.length === 0) return 0;
  await appendLinesDurably(quarantinePath(dayFile), kept.map((line) => `${line.text}\n`).join(''));
  return kept.length;
}
