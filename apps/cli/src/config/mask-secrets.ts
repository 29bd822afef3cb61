// Every URL the CLI prints, logs or puts into an error line goes through here first: proxies, the
// exchange and archive base URLs, database sinks. A credential must never reach a terminal, a log
// file or a CI log, whatever the scheme and wherever in a line it appears.

const URL_IN_TEXT = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s"'<>]*)/gi;
const SECRET_PARAMETER =
  /^(pass(word)?|pwd|secret|token|api[-_]?key|key|auth|access[-_]?token|sig(nature)?)$/i;

function maskAuthority(rest: string): string {
  // userinfo ends at the last `@` before the first `/`, `?` or `#` of the authority.
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  const at = authority.lastIndexOf('@');
  if (at === -1) return rest;
  const userinfo = authority.slice(0, at);
  const colon = userinfo.indexOf(':');
  // user:password keeps the user; a lone user part may itself be a token, so it goes too.
  const masked = colon === -1 ? '***' : `${userinfo.slice(0, colon)}:***`;
  return `${masked}${rest.slice(at)}`;
}

function maskQuery(rest: string): string {
  return rest.replace(/([?&;])([^=&;#\s]+)=([^&;#\s]*)/g, (match, separator: string, name: string) =>
    SECRET_PARAMETER.test(name) ? `${separator}${name}=***` : match,
  );
}

/**
 * Masks credentials in every URL inside `text`: the password of `user:password@` (and a user part
 * alone, which may be a token), and the values of query parameters named like secrets
 * (`password`, `token`, `key`...). Everything else is kept, so the line still says which host it was.
 */
export function maskSecrets(text: string): string {
  return text.replace(
    URL_IN_TEXT,
    (_match, scheme: string, rest: string) => scheme + maskQuery(maskAuthority(rest)),
  );
}
