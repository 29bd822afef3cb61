import { OiError } from '@oi/errors';

/** Proxy URLs as the CLI reads them from HTTP_PROXY, HTTPS_PROXY, SOCKS_PROXY and NO_PROXY. */
export interface ProxySettings {
  /** Proxy for `http:` targets, and for `https:` targets when `httpsProxy` is not set, e.g. `http://user:pass@10.0.0.1:3128`. */
  readonly httpProxy?: string;
  /** Proxy for `https:` targets (tunnelled with CONNECT). */
  readonly httpsProxy?: string;
  /** SOCKS proxy (`socks5://`, `socks5h://`, `socks://`, `socks4://`); wins over the HTTP proxies when set. */
  readonly socksProxy?: string;
  /** Hosts reached directly: comma- or space-separated `host`, `.suffix`, `host:port`, or `*`. */
  readonly noProxy?: string;
}

/** The proxy chosen for a target. */
export type ProxyChoice =
  | { readonly kind: 'direct' }
  | { readonly kind: 'http'; readonly url: URL }
  | { readonly kind: 'socks'; readonly url: URL; readonly version: 4 | 5 };

/** A proxy URL that cannot be used; `code` is `PROXY_CONFIG`, and the message masks any password. */
export class ProxyConfigError extends OiError {
  /** Which setting was wrong, e.g. `socksProxy`. */
  readonly setting: string;

  constructor(setting: string, value: string, problem: string) {
    super('PROXY_CONFIG', `Invalid ${setting} ${JSON.stringify(maskCredentials(value))}: ${problem}`);
    this.setting = setting;
  }
}

const HTTP_SCHEMES = new Set(['http:', 'https:']);
const SOCKS_VERSIONS: Readonly<Record<string, 4 | 5>> = {
  'socks:': 5,
  'socks5:': 5,
  'socks5h:': 5,
  'socks4:': 4,
  'socks4a:': 4,
};

/**
 * Picks the proxy for `target`: none when NO_PROXY matches; else the SOCKS proxy when set (it
 * carries any scheme); else `httpsProxy` for https targets (falling back to `httpProxy`) and
 * `httpProxy` for http targets. Throws {@link ProxyConfigError} for an unusable URL.
 */
export function selectProxy(target: URL, settings: ProxySettings): ProxyChoice {
  const socks =
    settings.socksProxy === undefined ? undefined : parseProxyUrl('socksProxy', settings.socksProxy);
  const http = settings.httpProxy === undefined ? undefined : parseProxyUrl('httpProxy', settings.httpProxy);
  const https =
    settings.httpsProxy === undefined ? undefined : parseProxyUrl('httpsProxy', settings.httpsProxy);
  if (socks !== undefined && SOCKS_VERSIONS[socks.protocol] === undefined) {
    throw new ProxyConfigError(
      'socksProxy',
      settings.socksProxy ?? '',
      'expected socks5://, socks5h://, socks:// or socks4://',
    );
  }
  for (const [name, url] of [
    ['httpProxy', http],
    ['httpsProxy', https],
  ] as const) {
    if (url !== undefined && !HTTP_SCHEMES.has(url.protocol)) {
      throw new ProxyConfigError(name, url.href, 'expected http:// or https://');
    }
  }
  if (settings.noProxy !== undefined && matchesNoProxy(target, settings.noProxy)) return { kind: 'direct' };
  if (socks !== undefined) return { kind: 'socks', url: socks, version: SOCKS_VERSIONS[socks.protocol] ?? 5 };
  const chosen = target.protocol === 'https:' ? (https ?? http) : http;
  return chosen === undefined ? { kind: 'direct' } : { kind: 'http', url: chosen };
}

function parseProxyUrl(setting: string, value: string): URL | undefined {
  if (value.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ProxyConfigError(setting, value, 'not a URL (expected e.g. http://host:3128)');
  }
  if (url.hostname === '') throw new ProxyConfigError(setting, value, 'no host');
  if (url.pathname !== '' && url.pathname !== '/')
    throw new ProxyConfigError(setting, value, 'a proxy URL has no path');
  if (url.password !== '' && url.username === '')
    throw new ProxyConfigError(setting, value, 'password without user');
  return url;
}

/** True when NO_PROXY says `target` is reached directly. */
export function matchesNoProxy(target: URL, noProxy: string): boolean {
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = target.port === '' ? (target.protocol === 'https:' ? '443' : '80') : target.port;
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const portMatch = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\[|\]$/g, ''));
    let entryHost = (portMatch?.[1] ?? entry).replace(/^\[|\]$/g, '');
    const entryPort = portMatch?.[2];
    if (entryPort !== undefined && entryPort !== port) continue;
    if (entryHost.startsWith('*.')) entryHost = entryHost.slice(1);
    if (entryHost.startsWith('.')) {
      if (host.endsWith(entryHost) || host === entryHost.slice(1)) return true;
    } else if (host === entryHost || host.endsWith(`.${entryHost}`)) {
      return true;
    }
  }
  return false;
}

/** Replaces the password of a URL with `***` (`http://user:***@host:3128`); other text is returned as is. */
export function maskCredentials(value: string): string {
  return value.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^@/\s]*@/gi, '$1***@');
}
