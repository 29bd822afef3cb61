import { OiError } from '@oi/errors';

/** Options of a report that cannot be used (a reversed range, an unknown series, ...). */
export class InvalidReportOptionsError extends OiError {
  /** The option at fault, e.g. `range`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super('REPORT_INVALID_OPTIONS', `invalid report option ${option}: ${message}`);
    this.option = option;
  }
}

/** The report file could not be written (missing folder, no permission, full disk, ...). */
export class ReportWriteError extends OiError {
  /** The file that was being written. */
  readonly path: string;

  constructor(path: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('REPORT_WRITE_FAILED', `cannot write the report to ${path}: ${reason}`, { cause });
    this.path = path;
  }
}
