export { hasErrorCode, isOiError, OiError } from './oi-error.ts';
