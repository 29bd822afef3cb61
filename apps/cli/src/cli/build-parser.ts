import { readFileSync } from 'node:fs';
import { isOiError } from '@oi/errors';
import yargs, { type Argv, type MiddlewareFunction } from 'yargs';
import { UsageError } from '../errors/exit-error.ts';
import type { CommandModule } from './command-module.ts';
import type { CommandRegistry, RawArgs } from './command-registry.ts';
import { describeYargsFailure } from './describe-yargs-failure.ts';
import { type DeclaredOptions, findRepeatedFlag } from './repeated-flags.ts';

function readVersion(): string {
  try {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    return (JSON.parse(text) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** The yargs instance as middleware sees it: `getOptions` is public but missing from its types. */
interface ParserWithOptions {
  getOptions(): DeclaredOptions;
}

/** Commands by their first word: `symbols update` sits under `symbols`. */
function groupByFirstWord(commands: readonly CommandModule[]): Map<string, CommandModule[]> {
  const groups = new Map<string, CommandModule[]>();
  for (const command of commands) {
    const word = command.name.split(' ')[0] ?? command.name;
    groups.set(word, [...(groups.get(word) ?? []), command]);
  }
  return groups;
}

/** Builds the yargs parser for `oi` from a registry; `onCommand` learns which command matched. */
export function buildParser(
  registry: CommandRegistry,
  onCommand: (command: CommandModule, args: RawArgs) => void,
  argv: readonly string[] = [],
): Argv {
  const register = (parser: Argv, word: string, command: CommandModule): Argv =>
    parser.command(word, command.describe, command.builder, (args) => onCommand(command, args as RawArgs));
  let parser = yargs()
    .scriptName('oi')
    .usage('$0 <command> [options]\n\nBinance futures open interest into a complete, exactly-once dataset.')
    .parserConfiguration({ 'strip-aliased': true, 'greedy-arrays': true })
    .strict()
    .showHelpOnFail(false)
    .wrap(Math.min(110, process.stdout.columns ?? 100));
  // Registered first, so it runs before every coercion: a repeated flag is named as such, not as the
  // bad value its list of values would make. yargs passes itself as a second argument.
  const rejectRepeated = ((args: Readonly<Record<string, unknown>>, instance: ParserWithOptions) => {
    const repeated = findRepeatedFlag(args, instance.getOptions(), argv);
    if (repeated !== undefined) throw new UsageError(repeated);
  }) as unknown as MiddlewareFunction;
  parser = parser.middleware(rejectRepeated, true);
  parser = registry.common.builder(registry.completion.builder(parser));
  for (const [word, commands] of groupByFirstWord(registry.commands)) {
    const [single] = commands;
    if (commands.length === 1 && single !== undefined && single.name === word) {
      parser = register(parser, word, single);
      continue;
    }
    const actions = commands.map((command) => command.name.slice(word.length + 1));
    parser = parser.command(word, commands[0]?.groupDescribe ?? '', (group) =>
      commands
        .reduce((inner, command, index) => register(inner, actions[index] ?? '', command), group)
        .demandCommand(
          1,
          `oi ${word} needs an action: expected ${actions.map((a) => `"${a}"`).join(' or ')}`,
        ),
    );
  }
  return registry.legacy
    .builder(
      parser
        .example('$0 collect', 'run the collector')
        .example('$0 backfill --from 2024-01-01 --to 2024-01-31', 'fill history once'),
    )
    .epilogue(
      'Exit codes: 0 done, 1 runtime failure, 2 bad usage or configuration, 3 finished but gaps remain.',
    )
    .version(readVersion())
    .help()
    .alias('help', 'h')
    .fail((message, error) => {
      // A coercion's UsageError already says what was wrong; only yargs' own messages need rewording.
      if (isOiError(error)) throw error;
      throw new UsageError(describeYargsFailure(error?.message ?? message, argv));
    });
}
