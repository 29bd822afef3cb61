export { type BackoffInput, computeBackoffMs } from './backoff.ts';
export {
  classifyFailure,
  type FailureClass,
  type FatalReason,
  type RetryReason,
} from './classify-failure.ts';
export { type Clock, systemClock } from './clock.ts';
export {
  BinanceApiError,
  type BinanceApiErrorDetails,
  isBinanceApiError,
  isNetworkError,
  isOiError,
  isRequestTimeoutError,
  isResponseValidationError,
  NetworkError,
  OiError,
  type RequestTarget,
  RequestTimeoutError,
  ResponseValidationError,
} from './errors.ts';
export {
  type BinanceErrorResponse,
  parseBinanceErrorResponse,
  parseRetryAfterMs,
} from './parse-binance-error.ts';
export {
  DEFAULT_RETRY_POLICY,
  type RetryInfo,
  type RetryPolicy,
  type RetryPolicyOptions,
  retryWithPolicy,
} from './retry-with-policy.ts';
