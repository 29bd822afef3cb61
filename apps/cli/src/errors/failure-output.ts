import { isOiError } from '@oi/errors';
import { maskSecrets } from '../config/mask-secrets.ts';

// What a failure looks like on the terminal and in `--json`: one line, credentials masked, of a
// length a terminal and a CI log can show.

/** Error lines longer than this are cut, with a note of how much was left out. */
export const MAX_ERROR_LINE_CHARS = 400;

/** `message` as the one line `oi: error:` prints: credentials masked, on one line, at most {@link MAX_ERROR_LINE_CHARS}. */
export function formatErrorLine(message: string): string {
  const line = maskSecrets(message).replace(/\s*\n\s*/g, ' ');
  if (line.length <= MAX_ERROR_LINE_CHARS) return line;
  const kept = line.slice(0, MAX_ERROR_LINE_CHARS);
  return `${kept}... (${line.length - MAX_ERROR_LINE_CHARS} more characters)`;
}

/** The stable code `--json` reports for a failure: the project error's code, the system's, or `ERROR`. */
export function failureCode(error: unknown): string {
  if (isOiError(error)) return error.code;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code !== '' ? code : 'ERROR';
}

/** The JSON object `--json` prints when a command fails: `{ ok: false, error: { code, message }, exitCode }`. */
export interface FailureObject {
  readonly ok: false;
  readonly error: { readonly code: string; readonly message: string };
  readonly exitCode: number;
}

/** The failure object of an error; `exitCode` as the process ends with it. */
export function failureObject(error: unknown, message: string, exitCode: number): FailureObject {
  return { ok: false, error: { code: failureCode(error), message: formatErrorLine(message) }, exitCode };
}

/** The one JSON object `--json` prints when a command succeeds: its result with `ok: true` first. */
export function successJson(data: unknown): string {
  const fields = typeof data === 'object' && data !== null && !Array.isArray(data) ? data : { result: data };
  return JSON.stringify({ ok: true, ...fields });
}

/**
 * Whether the command line asks for `--json`, read from the words themselves: a line yargs rejects
 * never gets as far as its flags, and its failure is still owed one JSON object.
 */
export function asksForJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  let json = false;
  for (const word of end === -1 ? argv : argv.slice(0, end)) {
    if (word === '--json' || word === '--json=true') json = true;
    else if (word === '--no-json' || word === '--json=false') json = false;
  }
  return json;
}
