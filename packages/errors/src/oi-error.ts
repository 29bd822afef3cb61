/**
 * Base class of every error an `oi` package or the CLI throws on purpose. `code` is a stable,
 * upper-case string that callers branch on (never on `name` or message text); `cause` chains the
 * original failure.
 */
export class OiError extends Error {
  /** Stable machine-readable code, e.g. `STORE_LOCKED`; part of the public contract. */
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    // The concrete class's name, so stack traces and logs say which error this is.
    this.name = new.target.name;
  }
}

/** Tells whether a value is an {@link OiError} (any subclass). */
export function isOiError(value: unknown): value is OiError {
  return value instanceof OiError;
}

/** Tells whether a value is an {@link OiError} with the given code. */
export function hasErrorCode(value: unknown, code: string): value is OiError {
  return value instanceof OiError && value.code === code;
}
