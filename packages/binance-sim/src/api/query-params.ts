import { errorResponse, type SimResponse } from '../server/sim-response.ts';

/** A parsed parameter, or the error answer Binance gives for it. */
export type ParamResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: SimResponse };

/** The -1102 answer for a missing mandatory parameter. */
export function missingParam(name: string): SimResponse {
  return errorResponse(
    400,
    -1102,
    `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`,
  );
}

/** An optional epoch-ms parameter; non-digits give -1100 like the real API. */
export function parseTimeParam(
  query: Readonly<Record<string, string>>,
  name: string,
): ParamResult<number | undefined> {
  const raw = query[name];
  if (raw === undefined || raw === '') return { ok: true, value: undefined };
  if (!/^[0-9]{1,20}$/.test(raw)) {
    return {
      ok: false,
      error: errorResponse(
        400,
        -1100,
        `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.`,
      ),
    };
  }
  return { ok: true, value: Number(raw) };
}
