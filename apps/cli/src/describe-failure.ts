import {
  isBinanceApiError,
  isNetworkError,
  isRequestTimeoutError,
  isResponseValidationError,
} from '@oi/retry';
import { EXIT_CODES, type ExitCode, isExitError } from './exit-error.ts';

/** The exit code and the one line `main.ts` prints for an error. */
export interface FailureReport {
  readonly code: ExitCode;
  readonly message: string;
}

const PROXY_HINT =
  'check the network and the proxy settings (--http-proxy/--https-proxy/--socks-proxy or HTTP_PROXY/HTTPS_PROXY/SOCKS_PROXY)';

/** The first system error code (ECONNREFUSED, ENOTFOUND...) along an error's cause chain. */
function findSystemCode(error: unknown): string | undefined {
  let current: unknown = error;
  let deepest: string | undefined;
  for (let depth = 0; depth < 8 && current instanceof Error; depth += 1) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    deepest = current.message;
    current = current.cause ?? (current instanceof AggregateError ? current.errors[0] : undefined);
  }
  return deepest;
}

/** Maps any thrown value to an exit code and a single line naming the problem. */
export function describeFailure(error: unknown, baseUrl?: string): FailureReport {
  if (isExitError(error)) return { code: error.code, message: error.message };
  const host = baseUrl ?? 'the exchange';
  if (isNetworkError(error)) {
    const why = error.errorCode ?? findSystemCode(error) ?? 'connection failed';
    return {
      code: EXIT_CODES.failure,
      message: `cannot reach ${host} (${error.method} ${error.endpoint}): ${why}; ${PROXY_HINT}`,
    };
  }
  if (isRequestTimeoutError(error)) {
    return {
      code: EXIT_CODES.failure,
      message: `no answer from ${host} within ${error.timeoutMs} ms (${error.method} ${error.endpoint}); ${PROXY_HINT}`,
    };
  }
  if (isBinanceApiError(error)) {
    return { code: EXIT_CODES.failure, message: `${error.message} (at ${host})` };
  }
  if (isResponseValidationError(error)) {
    return {
      code: EXIT_CODES.failure,
      message: `${error.message} (at ${host}; is --fapi-url a Binance futures API?)`,
    };
  }
  if (error instanceof Error) {
    if (error.name === 'StoreLockedError') return { code: EXIT_CODES.failure, message: error.message };
    const code = (error as NodeJS.ErrnoException).code;
    return { code: EXIT_CODES.failure, message: code === undefined ? error.message : `${error.message}` };
  }
  return { code: EXIT_CODES.failure, message: String(error) };
}
