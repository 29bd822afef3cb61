import type {
  ArchiveFile,
  ArchiveMarket,
  ArchiveRejectReason,
  DefectReason,
  LabelConvention,
} from '@oi/archive';
import { OiError } from '@oi/errors';
import { archiveStatePath, readJsonFile, type TimeRange } from '@oi/storage';
import { z } from 'zod';
import type { GapCauseRun } from '../gaps/gap-source.ts';
import { archiveFileSlots } from './archive-days.ts';

// What the public archive held for each day of a symbol when it was last asked, kept in
// `<data>/state/archive/<SYMBOL>.json` so that later runs and `oi gaps` can say why slots are
// missing, and so that a file Binance re-uploads is noticed by its SHA-256 and size.

/** Why a whole day file was not used: the archive client's reasons, or a disagreement with stored API rows. */
export type ArchiveDayRejection = ArchiveRejectReason | 'disagrees-with-api';

/** Why one slot of a used file has no value: the archive client's reasons, or more than 8 fractional digits. */
export type ArchiveSlotDefect = DefectReason | 'precision-exceeded';

/** A run of slots of a used file that hold no value, all for one reason. */
export interface ArchiveDefectRun {
  /** First slot, epoch ms. */
  readonly startMs: number;
  /** End of the run (the slot after the last one), epoch ms. */
  readonly endMs: number;
  /** Why the slots have no value. */
  readonly reason: ArchiveSlotDefect;
}

/** A slot where a file's value differs from the stored one: the stored value is kept, the file's reported. */
export interface ArchiveConflictRecord {
  /** The slot, epoch ms. */
  readonly slotMs: number;
  /** The stored values and the source that wrote them. */
  readonly stored: {
    readonly openInterest: string;
    readonly openInterestValue: string;
    readonly source: string;
  };
  /** The file's values (canonical form). */
  readonly incoming: { readonly openInterest: string; readonly openInterestValue: string };
}

/** What one day file was when last checked. */
export interface ArchiveDayRecord {
  /** When it was checked (the run's time), epoch ms. */
  readonly checkedAtMs: number;
  /** `stored`: its points went into the store; `missing`: no file; `rejected`: a file not used at all. */
  readonly outcome: 'stored' | 'missing' | 'rejected';
  /** Why a rejected file was not used. */
  readonly reason?: ArchiveDayRejection;
  /** One line for people about a rejection. */
  readonly detail?: string;
  /** The zip (path, size, SHA-256, ETag, Last-Modified), for stored and rejected files. */
  readonly file?: ArchiveFile;
  /** The file recorded before, when this one replaced it (a re-upload). */
  readonly replacedFile?: ArchiveFile;
  /** How the file labelled its rows, and whether the labels alone proved it. */
  readonly convention?: LabelConvention;
  /** `labels` or `date-hint`. */
  readonly conventionEvidence?: 'labels' | 'date-hint';
  /** Data rows in the CSV. */
  readonly rowCount?: number;
  /** Expected slots the stored file could not give. */
  readonly defects: readonly ArchiveDefectRun[];
  /** Slots where the file disagrees with what is stored (a re-upload that changed values). */
  readonly conflicts: readonly ArchiveConflictRecord[];
}

/** The archive state of one symbol. */
export interface ArchiveSymbolState {
  /** The symbol. */
  readonly symbol: string;
  /** The archive market its files are under. */
  readonly market: ArchiveMarket;
  /** Per UTC day (`YYYY-MM-DD`), the last check. */
  readonly days: Readonly<Record<string, ArchiveDayRecord>>;
}

/** The codes an {@link ArchiveStateError} carries. */
export type ArchiveStateErrorCode =
  /** The state file exists but cannot be read or is not an archive state. */
  | 'ARCHIVE_STATE_UNREADABLE'
  /** Writing the state file failed; what was checked since the last save is not on disk. */
  | 'ARCHIVE_STATE_NOT_SAVED';

/** An archive state file that cannot be read or saved; the message names the file. */
export class ArchiveStateError extends OiError {
  declare readonly code: ArchiveStateErrorCode;
  /** The state file. */
  readonly path: string;
  constructor(code: ArchiveStateErrorCode, path: string, message: string, options?: ErrorOptions) {
    super(code, message, options);
    this.path = path;
  }
}

const fileSchema = z.object({
  path: z.string(),
  sizeBytes: z.number(),
  sha256: z.string(),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
});
const valuesSchema = z.object({ openInterest: z.string(), openInterestValue: z.string() });
const daySchema = z.object({
  checkedAtMs: z.number(),
  outcome: z.enum(['stored', 'missing', 'rejected']),
  reason: z.string().optional(),
  detail: z.string().optional(),
  file: fileSchema.optional(),
  replacedFile: fileSchema.optional(),
  convention: z.enum(['end-of-period', 'start-of-period']).optional(),
  conventionEvidence: z.enum(['labels', 'date-hint']).optional(),
  rowCount: z.number().optional(),
  defects: z.array(z.object({ startMs: z.number(), endMs: z.number(), reason: z.string() })).default([]),
  conflicts: z
    .array(
      z.object({
        slotMs: z.number(),
        stored: valuesSchema.extend({ source: z.string() }),
        incoming: valuesSchema,
      }),
    )
    .default([]),
});
const stateSchema = z.object({
  version: z.literal(1),
  symbol: z.string(),
  market: z.enum(['um', 'cm']),
  days: z.record(z.string(), daySchema),
});

// A record's JSON, kept while the record lives: a deep backfill saves a symbol's growing state every
// 64 records, and records are replaced, never changed, so each is stringified once instead of per save.
const recordTexts = new WeakMap<ArchiveDayRecord, string>();

function recordText(record: ArchiveDayRecord): string {
  let text = recordTexts.get(record);
  if (text === undefined) {
    text = JSON.stringify(record);
    recordTexts.set(record, text);
  }
  return text;
}

/** The text of a state file: versioned JSON with one day per line, days in date order. */
export function formatArchiveState(state: ArchiveSymbolState): string {
  const days = Object.entries(state.days)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, record]) => `  ${JSON.stringify(day)}: ${recordText(record)}`);
  const head = `{"version": 1, "symbol": ${JSON.stringify(state.symbol)}, "market": ${JSON.stringify(state.market)}, "days": {`;
  return days.length === 0 ? `${head}}}\n` : `${head}\n${days.join(',\n')}\n}}\n`;
}

/**
 * The archive state of a symbol in a data directory, or `undefined` when none was written yet.
 * A file that is not an archive state is an {@link ArchiveStateError} naming it: delete it to start over.
 */
export async function readArchiveState(
  dataDir: string,
  symbol: string,
): Promise<ArchiveSymbolState | undefined> {
  const path = archiveStatePath(dataDir, symbol);
  const read = await readJsonFile(path, stateSchema);
  if (read.kind === 'absent') return undefined;
  if (read.kind === 'invalid') throw unreadable(path, read.problem, read.cause);
  // Reasons are kept as text on disk so that a newer version's reasons still load.
  const { symbol: stored, market, days } = read.value;
  return { symbol: stored, market, days } as ArchiveSymbolState;
}

function unreadable(path: string, detail: string, cause: unknown): ArchiveStateError {
  return new ArchiveStateError(
    'ARCHIVE_STATE_UNREADABLE',
    path,
    `Archive state ${path} is unreadable: ${detail}`,
    {
      cause,
    },
  );
}

/** The slots of `day` that its recorded file cannot give, with why: a whole day, or the defect runs. */
export function unavailableRuns(day: string, record: ArchiveDayRecord): GapCauseRun[] {
  if (record.outcome === 'missing') return [{ range: archiveFileSlots(day), cause: 'file-missing' }];
  if (record.outcome === 'rejected') {
    return [{ range: archiveFileSlots(day), cause: record.reason ?? 'rejected' }];
  }
  return record.defects.map((d) => ({ range: { startMs: d.startMs, endMs: d.endMs }, cause: d.reason }));
}

/** Every recorded run of `state` whose slots meet `range`, oldest first. */
export function unavailableRunsIn(state: ArchiveSymbolState | undefined, range: TimeRange): GapCauseRun[] {
  if (state === undefined) return [];
  const runs: GapCauseRun[] = [];
  for (const [day, record] of Object.entries(state.days)) {
    const slots = archiveFileSlots(day);
    if (slots.endMs <= range.startMs || slots.startMs >= range.endMs) continue;
    for (const run of unavailableRuns(day, record)) {
      if (run.range.endMs > range.startMs && run.range.startMs < range.endMs) runs.push(run);
    }
  }
  return runs.sort((a, b) => a.range.startMs - b.range.startMs);
}
