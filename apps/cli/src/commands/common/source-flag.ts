import type { HistorySource } from '@oi/recovery';

/** The 5m history sources `--source` names. */
export const HISTORY_SOURCES: readonly HistorySource[] = ['auto', 'api', 'archive'];

/**
 * `--source auto|api|archive`, of the commands that fill or explain 5m history (`backfill`,
 * `collect`, `gaps`): `auto` takes every finished day from the public archive and the API for what
 * the archive does not have (yet) within the API's 30 days.
 */
export const sourceFlags = {
  source: {
    choices: HISTORY_SOURCES,
    default: 'auto' as HistorySource,
    description:
      '5m history from: auto (finished days from the archive, the API for the rest of its 30 days), api, or archive',
  },
} as const;
