/**
 * Rewrites a yargs validation message as one line in the CLI's "expected vs found" style. `argv` tells
 * an unknown command word from an unknown option.
 */
export function describeYargsFailure(message: string | null | undefined, argv: readonly string[]): string {
  const text = message ?? 'invalid command line';
  const unknown = /^Unknown arguments?: (.*)$/.exec(text);
  if (unknown) {
    const names = (unknown[1] ?? '').split(', ');
    const described = names.map((name) =>
      argv.includes(name) ? `command ${name}` : `option ${name.length === 1 ? '-' : '--'}${name}`,
    );
    return `unknown ${described.join(', ')} (expected a command and options listed by oi --help)`;
  }
  const required = /^Missing required arguments?: ([^\n]*)/.exec(text);
  if (required) {
    return `missing required option ${(required[1] ?? '')
      .split(', ')
      .map((name) => `--${name}`)
      .join(', ')} (see oi <command> --help)`;
  }
  const choice = /^Invalid values:\s*Argument: ([^,]+), Given: (.*), Choices: (.*)$/s.exec(
    text.replace(/\n/g, ' '),
  );
  if (choice) return `invalid value for --${choice[1]}: expected one of ${choice[3]}, found ${choice[2]}`;
  const missing = /^Not enough arguments following: (.*)$/.exec(text);
  if (missing) return `missing value for --${missing[1]}`;
  return text.replace(/\s*\n\s*/g, ' ');
}
