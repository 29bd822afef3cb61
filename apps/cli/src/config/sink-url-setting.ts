import { isOiError } from '@oi/errors';
import type { Parsed } from './value-parsers.ts';

/** A configured database sink: the URL to connect with, and the only form that may be shown. */
export interface SinkSetting {
  /** Credentials included: never printed or logged. */
  readonly url: string;
  /** User name and password replaced by `***`. */
  readonly displayUrl: string;
}

/**
 * Checks a sink URL (`--sink`, `OI_SINK_URL`) with the sink's own parser. The problem names where
 * the URL came from and shows it with its credentials masked, so neither a log nor a terminal ever
 * sees the password.
 */
export async function parseSinkUrlSetting(text: string, source: string): Promise<Parsed<SinkSetting>> {
  // Loaded only when a sink is named: its database drivers would add a second to every command's start.
  const { parseSinkUrl } = await import('@oi/sink');
  try {
    return { ok: true, value: { url: text, displayUrl: parseSinkUrl(text).displayUrl } };
  } catch (error) {
    if (!isOiError(error)) throw error;
    return { ok: false, problem: `${source}: ${error.message}` };
  }
}
