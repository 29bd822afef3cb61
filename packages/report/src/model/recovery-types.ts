import type { GapReport, scanGaps } from '@oi/recovery';

// @oi/recovery exports scanGaps and its report but not the types inside them; these names are
// derived from its signature so they follow any change there.

/** A run of missing slots, with what can still fill it (recovery's `Gap`). */
export type Gap = GapReport['gaps'][number];
/** Why slots are missing: `api-retention`, `older-source`, `live-only`, `no-source`, ... */
export type GapReason = Gap['reason'];
/** Something that can still supply slots (the history API, the public archive), as `scanGaps` takes it. */
export type GapSource = NonNullable<Parameters<typeof scanGaps>[0]['sources']>[number];
