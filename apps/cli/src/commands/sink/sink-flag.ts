import { parseSinkUrlSetting } from '../../config/sink-url-setting.ts';
import { UsageError } from '../../errors/exit-error.ts';
import type { CommonOptions } from '../common/index.ts';

/** `--sink URL`, of the commands that feed or read a database sink (`collect`, `backfill`, `sink`). */
export const sinkFlags = {
  // Checked by the handler before anything else (see sinkUrlOf), with the sink's own parser, which
  // is loaded only when a sink is named.
  sink: {
    type: 'string',
    description: 'Database sink: mysql://USER:PASSWORD@HOST[:PORT]/DB or postgres://... (env OI_SINK_URL)',
  },
} as const;

/**
 * The sink a command uses: `--sink`, else `OI_SINK_URL` (checked with the configuration), else none.
 * A `--sink` that cannot be used is a UsageError (exit 2) whose message masks the credentials.
 */
export async function sinkUrlOf(
  flag: string | undefined,
  common: CommonOptions,
): Promise<string | undefined> {
  if (flag === undefined) return common.config.sink?.url;
  const parsed = await parseSinkUrlSetting(flag, '--sink');
  if (!parsed.ok) throw new UsageError(parsed.problem);
  return parsed.value.url;
}

/** The sink of a command that needs one; a UsageError (exit 2) when neither `--sink` nor `OI_SINK_URL` names it. */
export async function requireSinkUrl(
  flag: string | undefined,
  common: CommonOptions,
  command: string,
): Promise<string> {
  const url = await sinkUrlOf(flag, common);
  if (url === undefined) {
    throw new UsageError(
      `${command} needs a sink: expected --sink URL or OI_SINK_URL (mysql://... or postgres://...)`,
    );
  }
  return url;
}
