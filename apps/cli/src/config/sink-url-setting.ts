import { isOiError } from '@oi/errors';
import { parseSinkUrl } from '@oi/sink';
import type { Parsed } from './value-parsers.ts';

/**
 * Checks a sink URL (`--sink`, `OI_SINK_URL`) with the sink's own parser and keeps it as given: the
 * sink connects with it later. The problem names where the URL came from and shows it with its
 * credentials masked, so neither a log nor a terminal ever sees the password.
 */
export function parseSinkUrlSetting(text: string, source: string): Parsed<string> {
  try {
    parseSinkUrl(text);
    return { ok: true, value: text };
  } catch (error) {
    if (!isOiError(error)) throw error;
    return { ok: false, problem: `${source}: ${error.message}` };
  }
}
