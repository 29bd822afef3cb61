import type { ArchiveDefect, ArchivePoint, RowsRejectReason } from '../day/build-day.ts';
import type { LabelConvention } from '../day/label-convention.ts';
import type { ArchiveFile } from '../file/archive-file.ts';

/** Why a downloaded day file is not used at all; a later run asks again (Binance fixes files). */
export type ArchiveRejectReason =
  | 'checksum-missing'
  | 'bad-checksum-file'
  | 'checksum-mismatch'
  | 'bad-zip'
  | 'bad-header'
  | RowsRejectReason;

/** What the archive holds for one symbol-day: no file, a file that cannot be used, or the day. */
export type DayOutcome =
  | { readonly kind: 'missing' }
  | {
      readonly kind: 'rejected';
      readonly reason: ArchiveRejectReason;
      /** One line for people: what exactly did not fit. */
      readonly detail: string;
      /** The zip that was rejected. */
      readonly file: ArchiveFile;
    }
  | {
      readonly kind: 'day';
      /** The zip the points come from. */
      readonly file: ArchiveFile;
      /** How the file labelled its rows. */
      readonly convention: LabelConvention;
      /** `labels`: proven by the labels; `date-hint`: the labels fitted both and the date chose. */
      readonly conventionEvidence: 'labels' | 'date-hint';
      /** Data rows in the CSV, duplicates and defective rows included. */
      readonly rowCount: number;
      /** One per slot `D 00:05` .. `D+1 00:00` with a usable value, sorted by slot. */
      readonly points: readonly ArchivePoint[];
      /** One per slot of the day without a point, sorted by slot. */
      readonly defects: readonly ArchiveDefect[];
    };
