/** A complete HTTP answer of the simulator, before any transport fault is applied. */
export interface SimResponse {
  readonly status: number;
  /** Text, or bytes (archive zips). */
  readonly body: string | Uint8Array;
  readonly contentType: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Produced in front of the exchange (CDN, WAF, proxy): such answers carry no exchange headers. */
  readonly edge?: boolean;
}

const JSON_TYPE = 'application/json';
const HTML_TYPE = 'text/html';

/** A JSON answer. */
export function jsonResponse(status: number, value: unknown): SimResponse {
  return { status, body: JSON.stringify(value), contentType: JSON_TYPE };
}

/**
 * A Binance error body. Real bodies come with either key order (`msgFirst`), e.g.
 * `{"msg":"parameter 'startTime' is invalid.","code":-1130}`, so clients must not depend on it.
 */
export function errorResponse(status: number, code: number, msg: string, msgFirst = false): SimResponse {
  const body = msgFirst ? JSON.stringify({ msg, code }) : JSON.stringify({ code, msg });
  return { status, body, contentType: JSON_TYPE };
}

/** An HTML answer of the exchange itself (its 404 page). */
export function htmlResponse(status: number, body: string): SimResponse {
  return { status, body, contentType: HTML_TYPE };
}

/** An HTML answer from in front of the exchange (CDN, WAF), which never carries the weight header. */
export function edgeHtmlResponse(status: number, body: string): SimResponse {
  return { status, body, contentType: HTML_TYPE, edge: true };
}

/** The answer to a path the exchange does not have. */
export const NOT_FOUND_HTML = '<html><body><h2>404 Not found</h2></body></html>';

/** The CDN's answer when the origin is unreachable. */
export const BAD_GATEWAY_HTML =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';

/** The WAF's refusal page (403), HTML rather than JSON. */
export const WAF_FORBIDDEN_HTML =
  '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">\n' +
  '<HTML><HEAD><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1">\n' +
  '<TITLE>ERROR: The request could not be satisfied</TITLE>\n</HEAD><BODY>\n' +
  '<H1>403 ERROR</H1>\n<H2>The request could not be satisfied.</H2>\n<HR noshade size="1px">\n' +
  "Request blocked.\nWe can't connect to the server for this app or website at this time.\n" +
  '</BODY></HTML>';

/** The real 451 body for restricted locations. */
export const RESTRICTED_LOCATION_MSG =
  "Service unavailable from a restricted location according to 'b. Eligibility' in https://www.binance.com/en/terms. Please contact customer service if you believe you received this message in error.";

/** 503 variant (a): execution status unknown. */
export const UNKNOWN_ERROR_MSG = 'Unknown error, please check your request or try again later.';

/** 503 variant (b): a definite failure. */
export const SERVICE_UNAVAILABLE_MSG = 'Service Unavailable.';

/** The 429 message, naming the limit like the real one. */
export function tooManyRequestsMessage(limitText: string): string {
  return `Too many requests; current limit of IP(127.0.0.1) is ${limitText}. Please use the websocket for live updates to avoid polling the API.`;
}

/** The 418 message, with the ban's end as epoch milliseconds. */
export function bannedMessage(bannedUntilMs: number): string {
  return `Way too many requests; IP(127.0.0.1) banned until ${bannedUntilMs}. Please use the websocket for live updates to avoid bans.`;
}
