import { takeParsed } from '../../cli/flag-coercers.ts';
import { parseSinkUrlSetting } from '../../config/sink-url-setting.ts';
import { UsageError } from '../../errors/exit-error.ts';
import type { CommonOptions } from '../common/index.ts';

/** `--sink URL`, of the commands that feed or read a database sink (`collect`, `backfill`, `sink`). */
export const sinkFlags = {
  sink: {
    type: 'string',
    description: 'Database sink: mysql://USER:PASSWORD@HOST[:PORT]/DB or postgres://... (env OI_SINK_URL)',
    coerce: (text: unknown): string => takeParsed(parseSinkUrlSetting(String(text), '--sink')),
  },
} as const;

/** The sink a command uses: `--sink`, else `OI_SINK_URL`, else none. */
export function sinkUrlOf(flag: string | undefined, common: CommonOptions): string | undefined {
  return flag ?? common.config.sinkUrl;
}

/** The sink of a command that needs one; a UsageError (exit 2) when neither `--sink` nor `OI_SINK_URL` names it. */
export function requireSinkUrl(flag: string | undefined, common: CommonOptions, command: string): string {
  const url = sinkUrlOf(flag, common);
  if (url === undefined) {
    throw new UsageError(
      `${command} needs a sink: expected --sink URL or OI_SINK_URL (mysql://... or postgres://...)`,
    );
  }
  return url;
}
