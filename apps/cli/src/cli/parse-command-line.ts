import type { CommonOptions } from '../commands/common/index.ts';
import { buildParser } from './build-parser.ts';
import type { CommandContext, CommandResult, ParseContext } from './command-context.ts';
import type { CommandModule } from './command-module.ts';
import type { CommandRegistry, RawArgs } from './command-registry.ts';

/** One parsed and resolved command line, ready to run. */
export interface Invocation {
  /** The command's name, e.g. `collect` or `symbols update`. */
  readonly command: string;
  /** The command was selected by an old top-level flag rather than by name. */
  readonly legacy: boolean;
  readonly common: CommonOptions;
  /** The command's typed options (as its handler receives them). */
  readonly options: unknown;
  /** Whether the run writes under the data directory. */
  readonly writesData: boolean;
  /** Runs the command's handler. */
  run(context: CommandContext): Promise<CommandResult>;
}

/** What `oi <argv>` asks for: run a command, print text (help, version), or shell completion. */
export type ParsedCommandLine =
  | { readonly kind: 'run'; readonly invocation: Invocation }
  | { readonly kind: 'print'; readonly text: string }
  | { readonly kind: 'completion' };

type RawParse =
  | { readonly kind: 'print'; readonly text: string }
  | { readonly kind: 'parsed'; readonly raw: RawArgs; readonly command?: CommandModule };

function parseRaw(registry: CommandRegistry, argv: readonly string[]): Promise<RawParse> {
  let command: CommandModule | undefined;
  const parser = buildParser(
    registry,
    (matched) => {
      command = matched;
    },
    argv,
  );
  return new Promise((resolvePromise, reject) => {
    try {
      parser.parse([...argv], {}, (error, raw, output) => {
        if (error) {
          reject(error);
          return;
        }
        const parsed = raw as RawArgs;
        if (parsed['help'] === true || parsed['version'] === true) {
          resolvePromise({ kind: 'print', text: output });
          return;
        }
        resolvePromise(
          command === undefined ? { kind: 'parsed', raw: parsed } : { kind: 'parsed', raw: parsed, command },
        );
      });
    } catch (error) {
      reject(error);
    }
  });
}

/**
 * Parses `oi` arguments and resolves the configuration into one invocation of a registered command.
 * Throws a `UsageError` or `ConfigError` (exit 2) for bad usage or configuration; touches no data.
 */
export async function parseCommandLine(
  argv: readonly string[],
  context: ParseContext,
  registry: CommandRegistry,
): Promise<ParsedCommandLine> {
  if (registry.completion.handles(argv)) return { kind: 'completion' };
  const parsed = await parseRaw(registry, argv);
  if (parsed.kind === 'print') return parsed;
  const { raw } = parsed;
  const selected =
    parsed.command === undefined
      ? registry.legacy.select(raw, argv, registry.commands)
      : { module: parsed.command, args: raw };
  const common = await registry.common.resolve(raw, context, selected.module.configDefaults ?? {});
  const prepared = selected.module.prepare(selected.args, context);
  return {
    kind: 'run',
    invocation: {
      command: selected.module.name,
      legacy: parsed.command === undefined,
      common,
      options: prepared.options,
      writesData: prepared.writesData,
      run: (commandContext) => prepared.run(common, commandContext),
    },
  };
}

/** Answers a completion request: yargs prints the script (or the candidates) and exits the process. */
export async function printCompletion(argv: readonly string[], registry: CommandRegistry): Promise<void> {
  await buildParser(registry, () => {}, argv)
    .exitProcess(true)
    .parseAsync([...argv]);
}
