import { UsageError } from '../errors/exit-error.ts';
import { coerceDate, type DateArgument } from './flag-coercers.ts';

/** A half-open time range `[startMs, endMs)` in epoch ms. */
export interface TimeRangeMs {
  readonly startMs: number;
  readonly endMs: number;
}

/** `--from`/`--to` of the commands that read a time range; `required` for `backfill`. */
export function rangeFlags<Required extends boolean>(required: Required) {
  return {
    from: {
      type: 'string',
      description: 'First UTC day (YYYY-MM-DD) or instant (ISO 8601)',
      coerce: coerceDate('--from', 'start'),
      demandOption: required,
    },
    to: {
      type: 'string',
      description: 'Last UTC day, included (YYYY-MM-DD), or exclusive end instant (ISO 8601)',
      coerce: coerceDate('--to', 'end'),
      demandOption: required,
    },
  } as const;
}

/** A yargs check, for any parser that declares {@link rangeFlags}: `--from` must come before `--to`. */
export function checkRangeOrder(args: { readonly from?: unknown; readonly to?: unknown }): true {
  // The flags' coercion made them date arguments.
  const from = args.from as DateArgument | undefined;
  const to = args.to as DateArgument | undefined;
  if (from !== undefined && to !== undefined && from.ms >= to.ms) {
    throw new UsageError(
      `invalid range: expected --from on or before --to, found --from ${from.text} after --to ${to.text}`,
    );
  }
  return true;
}

/** The range `--from`/`--to` name: none, or from `--from` up to `--to` (open-ended without it). */
export function rangeOf(args: {
  readonly from?: DateArgument | undefined;
  readonly to?: DateArgument | undefined;
}): TimeRangeMs | undefined {
  const startMs = args.from?.ms;
  const endMs = args.to?.ms;
  if (startMs === undefined && endMs === undefined) return undefined;
  if (startMs === undefined) throw new UsageError('--to needs --from: expected both ends of the range');
  return { startMs, endMs: endMs ?? Number.POSITIVE_INFINITY };
}

const DAY_MS = 86_400_000;

/** The range with an open end (`--from` without `--to`) closed at the next UTC midnight after `nowMs`: every stored row. */
export function closedRange(range: TimeRangeMs, nowMs: number): TimeRangeMs {
  if (Number.isFinite(range.endMs)) return range;
  return { startMs: range.startMs, endMs: (Math.floor(nowMs / DAY_MS) + 1) * DAY_MS };
}
