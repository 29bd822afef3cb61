import { InvalidSinkUrlError } from './errors/sink-error.ts';

/** The database families a sink URL can name. */
export type SinkKind = 'mysql' | 'postgres';

/** A parsed sink URL; `displayUrl` is the only form that may be logged or shown. */
export interface SinkUrl {
  readonly kind: SinkKind;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** TLS with certificate verification (`?ssl=true`). */
  readonly ssl: boolean;
  /** The URL with user name and password replaced by `***`. */
  readonly displayUrl: string;
}

const KINDS: Readonly<Record<string, SinkKind>> = {
  'mysql:': 'mysql',
  'postgres:': 'postgres',
  'postgresql:': 'postgres',
};
const DEFAULT_PORTS: Readonly<Record<SinkKind, number>> = { mysql: 3306, postgres: 5432 };
const DATABASE_PATTERN = /^[A-Za-z0-9_$-]{1,64}$/;

/**
 * `url` with everything between `://` and the last `@` replaced by `***:***` (or `***` when there
 * is no `:`); works on text that is not a valid URL too, so even a rejected URL never shows a password.
 */
export function maskSinkUrl(url: string): string {
  const schemeEnd = url.indexOf('://');
  const at = url.lastIndexOf('@');
  if (schemeEnd === -1 || at < schemeEnd) return url;
  const credentials = url.slice(schemeEnd + 3, at);
  return `${url.slice(0, schemeEnd + 3)}${credentials.includes(':') ? '***:***' : '***'}${url.slice(at)}`;
}

function decodePart(encoded: string, displayUrl: string, what: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new InvalidSinkUrlError(displayUrl, `the ${what} is not valid percent-encoding`);
  }
}

/**
 * Parses `mysql://USER:PASSWORD@HOST[:PORT]/DATABASE` or `postgres://…` (also `postgresql://`),
 * with the optional query `?ssl=true`. Throws InvalidSinkUrlError, whose message masks credentials.
 */
export function parseSinkUrl(url: string): SinkUrl {
  const displayUrl = maskSinkUrl(String(url));
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidSinkUrlError(displayUrl, 'not a URL');
  }
  const kind = KINDS[parsed.protocol];
  if (kind === undefined) {
    throw new InvalidSinkUrlError(displayUrl, 'expected the scheme mysql://, postgres:// or postgresql://');
  }
  if (parsed.hostname === '') throw new InvalidSinkUrlError(displayUrl, 'no host');
  const database = decodePart(parsed.pathname.slice(1), displayUrl, 'database name');
  if (!DATABASE_PATTERN.test(database)) {
    throw new InvalidSinkUrlError(
      displayUrl,
      'expected a database name (letters, digits, _ $ -) as the path',
    );
  }
  let ssl = false;
  for (const [name, value] of parsed.searchParams) {
    if (name !== 'ssl' || (value !== 'true' && value !== 'false')) {
      throw new InvalidSinkUrlError(displayUrl, `unknown option ${name}=${value}: only ssl=true|false`);
    }
    ssl = value === 'true';
  }
  if (parsed.hash !== '') throw new InvalidSinkUrlError(displayUrl, 'a #fragment is not allowed');
  return {
    kind,
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port === '' ? DEFAULT_PORTS[kind] : Number(parsed.port),
    user: decodePart(parsed.username, displayUrl, 'user name'),
    password: decodePart(parsed.password, displayUrl, 'password'),
    database,
    ssl,
    displayUrl,
  };
}
