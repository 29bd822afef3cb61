// What docker compose does with variables, for tests that cannot run it: read a .env file, and
// interpolate `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR?message}`,
// `$VAR` and `$$` in the compose file's strings (the rules of the Compose specification).

/** Reads `KEY=VALUE` lines; comments, blank lines and commented-out settings are skipped. */
export function readEnvFile(text: string): Readonly<Record<string, string>> {
  const variables: Record<string, string> = {};
  for (const [index, line] of text.split('\n').entries()) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(trimmed);
    if (match === null)
      throw new Error(`.env line ${index + 1}: expected KEY=VALUE: ${JSON.stringify(line)}`);
    variables[match[1] ?? ''] = (match[2] ?? '').replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
  }
  return variables;
}

/** One `${...}` or `$NAME` reference in a string. */
export interface VariableReference {
  readonly name: string;
  /** `:-` / `-` (default), `:?` / `?` (required), or undefined for a plain reference. */
  readonly operator: ':-' | '-' | ':?' | '?' | undefined;
  readonly operand: string;
}

const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|-|:\?|\?)([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** The variables a string refers to (an escaped `$$` is none). */
export function variableReferences(value: string): readonly VariableReference[] {
  const references: VariableReference[] = [];
  for (const match of value.matchAll(REFERENCE)) {
    if (match[0] === '$$') continue;
    const name = match[1] ?? match[4] ?? '';
    references.push({ name, operator: match[2] as VariableReference['operator'], operand: match[3] ?? '' });
  }
  return references;
}

/** Interpolates a string as compose does; throws the message of a required variable that is missing. */
export function interpolate(value: string, env: Readonly<Record<string, string | undefined>>): string {
  return value.replace(
    REFERENCE,
    (whole, braced?: string, operator?: string, operand?: string, bare?: string) => {
      if (whole === '$$') return '$';
      const name = braced ?? bare ?? '';
      const current = env[name];
      const unsetOrEmpty = current === undefined || current === '';
      switch (operator) {
        case ':-':
          return unsetOrEmpty ? (operand ?? '') : current;
        case '-':
          return current ?? operand ?? '';
        case ':?':
        case '?':
          if (operator === ':?' ? unsetOrEmpty : current === undefined) {
            throw new Error(`required variable ${name} is missing: ${operand}`);
          }
          return current ?? '';
        default:
          return current ?? '';
      }
    },
  );
}

/** Interpolates every string of a parsed compose file (keys stay as they are, like compose). */
export function interpolateTree(node: unknown, env: Readonly<Record<string, string | undefined>>): unknown {
  if (typeof node === 'string') return interpolate(node, env);
  if (Array.isArray(node)) return node.map((item) => interpolateTree(item, env));
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolateTree(value, env)]));
  }
  return node;
}

/** Every string of a parsed compose file, with the path where it stands (for reference checks). */
export function stringsOf(
  node: unknown,
  path = '',
): readonly { readonly path: string; readonly value: string }[] {
  if (typeof node === 'string') return [{ path, value: node }];
  if (Array.isArray(node)) return node.flatMap((item, index) => stringsOf(item, `${path}[${index}]`));
  if (node !== null && typeof node === 'object') {
    return Object.entries(node).flatMap(([key, value]) =>
      stringsOf(value, path === '' ? key : `${path}.${key}`),
    );
  }
  return [];
}
