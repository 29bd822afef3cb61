import { OiError } from '@oi/errors';

/** The codes a {@link MetricsServerError} carries. */
export type MetricsServerErrorCode =
  /** The port or host given cannot be used (not an integer 0-65535, empty host). */
  | 'METRICS_OPTION_INVALID'
  /** The server could not listen, e.g. the port is taken (`cause` has the system error). */
  | 'METRICS_LISTEN_FAILED';

/** The metrics server could not start. */
export class MetricsServerError extends OiError {
  declare readonly code: MetricsServerErrorCode;

  constructor(code: MetricsServerErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}
