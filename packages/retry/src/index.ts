export { classifyFailure, type FailureClass } from './classify-failure.ts';
export { type Clock, systemClock } from './clock.ts';
export {
  BinanceApiError,
  IpBannedError,
  isBinanceApiError,
  isIpBannedError,
  isNetworkError,
  isRequestTimeoutError,
  isResponseValidationError,
  NetworkError,
  type RequestTarget,
  RequestTimeoutError,
  ResponseValidationError,
} from './errors.ts';
export { parseBinanceErrorResponse } from './parse-binance-error.ts';
export { type RetryPolicyOptions, retryWithPolicy } from './retry-with-policy.ts';
