// Which paths of the build context a .dockerignore leaves out, by Docker's rules: patterns are
// relative to the context root (`node_modules` is the root one only, `**/node_modules` any), `*` and
// `?` stay within a path segment, `**` spans segments, a leading `!` re-includes, the last matching
// pattern wins, and a path is left out when it or a directory above it is.

/** The patterns of a .dockerignore, comments and blank lines dropped. */
export function readDockerignore(text: string): readonly string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function patternRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .map((segment) =>
      segment === '**'
        ? '(?:.*)'
        : segment
            .split('')
            .map((char) =>
              char === '*' ? '[^/]*' : char === '?' ? '[^/]' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
            )
            .join(''),
    )
    .join('/')
    // `**/x` also matches `x` at the root.
    .replace(/\(\?:\.\*\)\//g, '(?:.*/)?');
  return new RegExp(`^${body}$`);
}

/** Tells whether `path` (relative to the context root, `/`-separated) is left out of the context. */
export function isIgnored(path: string, patterns: readonly string[]): boolean {
  const segments = path.split('/');
  const candidates = segments.map((_, index) => segments.slice(0, index + 1).join('/'));
  let ignored = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const regExp = patternRegExp(negated ? raw.slice(1) : raw);
    if (candidates.some((candidate) => regExp.test(candidate))) ignored = !negated;
  }
  return ignored;
}
