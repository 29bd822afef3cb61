import { isOiError, type OiError } from '@oi/errors';
import {
  isBinanceApiError,
  isIpBannedError,
  isNetworkError,
  isRequestTimeoutError,
  isResponseValidationError,
} from '@oi/retry';
import { STORAGE_ERROR_CODES } from '@oi/storage';
import { CLI_ERROR_CODES, EXIT_CODES, type ExitCode, ExitError } from './exit-error.ts';

/** The exit code and the one line `main.ts` prints for an error. */
export interface FailureReport {
  readonly code: ExitCode;
  readonly message: string;
}

/**
 * Exit codes by error `code`; an `OiError` whose code is not listed, and any other error, is a runtime
 * failure (exit 1). `ExitError` carries its own exit code.
 */
export const EXIT_CODE_BY_ERROR_CODE: Readonly<Record<string, ExitCode>> = {
  [CLI_ERROR_CODES.usage]: EXIT_CODES.usage,
  [CLI_ERROR_CODES.config]: EXIT_CODES.usage,
  // A proxy URL the client cannot use is a configuration mistake, like one the CLI rejects itself.
  PROXY_CONFIG: EXIT_CODES.usage,
  // A data directory the operating system will not create is unusable configuration, like an
  // unwritable one.
  [STORAGE_ERROR_CODES.CANNOT_CREATE_DIRECTORY]: EXIT_CODES.usage,
  // Another process holds the data directory: a runtime condition that goes away when it stops.
  [STORAGE_ERROR_CODES.STORE_LOCKED]: EXIT_CODES.failure,
  // A sink URL that cannot be used, or a database whose tables have another shape: configuration.
  SINK_URL_INVALID: EXIT_CODES.usage,
  SINK_SCHEMA_MISMATCH: EXIT_CODES.usage,
  // A metrics port that is taken (or a host that is not this machine's) is found before collecting.
  METRICS_LISTEN_FAILED: EXIT_CODES.usage,
  METRICS_OPTION_INVALID: EXIT_CODES.usage,
  // A Parquet --out that already holds a file or a non-empty folder, or options it cannot take.
  OUTPUT_EXISTS: EXIT_CODES.usage,
  INVALID_EXPORT_OPTIONS: EXIT_CODES.usage,
  // A ban longer than --max-ban-wait: the command stops, its task interrupted, ready for `oi resume`.
  IP_BANNED: EXIT_CODES.failure,
  // A budget ledger directory this user cannot use (another user's, not creatable): OI_BUDGET_DIR.
  BUDGET_LEDGER: EXIT_CODES.usage,
};

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

/** The one line for a project error: the exchange's errors name the host, the request and a hint. */
function describeOiError(error: OiError, host: string): string {
  if (isNetworkError(error)) {
    const why = error.errorCode ?? findSystemCode(error) ?? 'connection failed';
    return `cannot reach ${error.origin ?? host} (${error.method} ${error.endpoint}): ${why}; ${PROXY_HINT}`;
  }
  if (isRequestTimeoutError(error)) {
    return `no answer from ${error.origin ?? host} within ${error.timeoutMs} ms (${error.method} ${error.endpoint}); ${PROXY_HINT}`;
  }
  if (isBinanceApiError(error)) return `${error.message} (at ${host})`;
  if (isIpBannedError(error)) {
    return `${error.message}; every oi process of this host waits for it. The task is kept: run "oi resume" after ${new Date(error.bannedUntilMs).toISOString()} (or allow a longer --max-ban-wait)`;
  }
  if (error.code === 'BUDGET_LEDGER') {
    return `${error.message}; set OI_BUDGET_DIR to a directory of your own (one per host is shared by every oi process)`;
  }
  if (error.code === 'LISTINGS_STATE_UNREADABLE') {
    return `${error.message}; move it aside: the next collector writes it anew from the exchange's listings`;
  }
  if (isResponseValidationError(error)) {
    return `${error.message} (at ${host}; is --fapi-url a Binance futures API?)`;
  }
  return error.message;
}

/** Maps any thrown value to an exit code and a single line naming the problem. */
export function describeFailure(error: unknown, baseUrl?: string): FailureReport {
  if (error instanceof ExitError) return { code: error.exitCode, message: error.message };
  if (isOiError(error)) {
    return {
      code: EXIT_CODE_BY_ERROR_CODE[error.code] ?? EXIT_CODES.failure,
      message: describeOiError(error, baseUrl ?? 'the exchange'),
    };
  }
  return { code: EXIT_CODES.failure, message: error instanceof Error ? error.message : String(error) };
}
