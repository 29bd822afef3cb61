import { type Parsed, parseDateBound, parseDurationMs, parseInteger } from '../config/value-parsers.ts';
import { UsageError } from '../errors/exit-error.ts';

// yargs calls these on a flag's text (and on its default); a bad value throws a UsageError, which the
// parser's failure handler passes through as the one line the user sees.

/** The value, or a UsageError naming what was wrong with the text. */
export function takeParsed<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new UsageError(parsed.problem);
  return parsed.value;
}

/** A whole number flag within `[min, max]`. */
export const coerceInteger =
  (flag: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  (text: unknown): number =>
    takeParsed(parseInteger(String(text), flag, min, max));

/** A duration flag (a bare number is hours), in ms. */
export const coerceDurationMs =
  (flag: string) =>
  (text: unknown): number =>
    takeParsed(parseDurationMs(String(text), flag, 'h'));

/** A date flag after coercion: the instant, and the text the user typed (for messages). */
export interface DateArgument {
  readonly ms: number;
  readonly text: string;
}

/** A date flag: a UTC day (its start, or for `end` the next day's start) or an ISO instant. */
export const coerceDate =
  (flag: string, bound: 'start' | 'end') =>
  (text: unknown): DateArgument => ({
    ms: takeParsed(parseDateBound(String(text), flag, bound)),
    text: String(text),
  });

/**
 * A whole-number flag within `[min, max]`. It is read as a string, so a bad value gets the CLI's own
 * "expected vs found" line rather than yargs' NaN.
 */
export function integerFlag(name: string, description: string, min: number, max?: number) {
  return { type: 'string', description, coerce: coerceInteger(`--${name}`, min, max) } as const;
}
