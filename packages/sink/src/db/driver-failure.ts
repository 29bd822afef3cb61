import type { DriverFailure } from '../errors/sink-error.ts';

/** The parts of a driver error this package reads; every field may be missing. */
interface DriverErrorShape {
  readonly message?: unknown;
  readonly code?: unknown;
  readonly errors?: unknown;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `text` with each secret replaced by `***` wherever it stands as a whole word. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let scrubbed = text;
  for (const secret of secrets) {
    if (secret === '') continue;
    const pattern = new RegExp(`(?<![A-Za-z0-9_])${escapeRegExp(secret)}(?![A-Za-z0-9_])`, 'g');
    scrubbed = scrubbed.replace(pattern, '***');
  }
  return scrubbed;
}

/**
 * The code and the scrubbed message of a driver error. Node's connection errors to a host with
 * several addresses are AggregateErrors with an empty message; their first inner error speaks.
 */
export function describeDriverError(error: unknown, secrets: readonly string[]): DriverFailure {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as DriverErrorShape;
  const inner = Array.isArray(shape.errors) ? (shape.errors[0] as DriverErrorShape | undefined) : undefined;
  const code = shape.code ?? inner?.code;
  const message =
    typeof shape.message === 'string' && shape.message !== ''
      ? shape.message
      : typeof inner?.message === 'string'
        ? inner.message
        : String(error);
  return {
    driverCode: typeof code === 'string' || typeof code === 'number' ? String(code) : undefined,
    driverMessage: scrubSecrets(message, secrets),
  };
}
